import { describe, expect, it } from 'vitest'
import { compileJsonPath } from './json-path.js'
import { decodeRegisters, encodeRegisters, parseModbusAddress } from './modbus/address.js'
import { coalesceReads } from './modbus/coalesce.js'
import { parseMqttAddress } from './mqtt/address.js'
import { bareProfile, loadScpiProfile, scpiNumber, scpiQuery } from './scpi/profile.js'
import { parseLineAddress, splitLine } from './serial/line-format.js'
import { parseDeviceUri, rtuInterFrameMs } from './uri.js'

describe('device URIs', () => {
  it('parses every scheme with its defaults', () => {
    expect(parseDeviceUri('modbus-tcp://127.0.0.1:5020?unit=3')).toEqual({
      ...{ protocol: 'modbus-tcp', host: '127.0.0.1', port: 5020, unit: 3, bus: 'tcp 127.0.0.1:5020' },
    })
    expect(parseDeviceUri('modbus-rtu:///dev/ttyUSB0?baud=9600&parity=even')).toMatchObject({
      ...{ path: '/dev/ttyUSB0', unit: 1, serial: { baudRate: 9600, parity: 'even', dataBits: 8, stopBits: 1 } },
      interFrameMs: (3.5 * 11 * 1000) / 9600,
    })
    expect(parseDeviceUri('serial:///dev/ttyACM0?baud=115200&format=json')).toMatchObject({
      format: 'json',
      delimiter: ',',
    })
    expect(parseDeviceUri('mqtts://broker.lab:8883?availability=a/b')).toMatchObject({
      url: 'mqtts://broker.lab:8883',
      availabilityTopic: 'a/b',
    })
    expect(parseDeviceUri('scpi-tcp://10.0.0.5')).toEqual({ protocol: 'scpi-tcp', host: '10.0.0.5', port: 5025 })
    expect(parseDeviceUri('http-ingest:')).toEqual({ protocol: 'http-ingest' })
    expect(rtuInterFrameMs(115_200)).toBe(1.75)
  })

  it('refuses what it cannot use in one line naming the part', () => {
    expect(() => parseDeviceUri('modbus-tcp://h:1?unit=300')).toThrow('"unit" must be an integer 0..255, got "300"')
    expect(() => parseDeviceUri('modbus-tcp://h:1?baud=9600')).toThrow('unknown parameter(s) baud')
    expect(() => parseDeviceUri('opcua://h')).toThrow('unknown scheme "opcua:"')
    expect(() => parseDeviceUri('serial://ttyACM0')).toThrow('needs a device path')
    expect(() => parseDeviceUri('serial:///dev/x?parity=mark')).toThrow('"parity" must be one of none, even, odd')
  })
})

describe('Modbus addresses', () => {
  it('decodes every type and byte order, and encodes back', () => {
    const float = parseModbusAddress('input:4:float32')
    expect(decodeRegisters(float, [0, 0, 0, 0, 0x3f03, 0x126f], 0)).toBeCloseTo(0.512, 6)
    const swapped = parseModbusAddress('holding:0:float32:CDAB')
    expect(decodeRegisters(swapped, [0x126f, 0x3f03], 0)).toBeCloseTo(0.512, 6)
    expect(decodeRegisters(parseModbusAddress('holding:0:int16'), [0xfffe], 0)).toBe(-2)
    expect(decodeRegisters(parseModbusAddress('holding:0:uint16'), [0xfffe], 0)).toBe(65534)
    expect(decodeRegisters(parseModbusAddress('holding:0:int32'), [0xffff, 0xfffd], 0)).toBe(-3)
    expect(decodeRegisters(parseModbusAddress('holding:0:uint32:DCBA'), [0x0100, 0x0000], 0)).toBe(1)
    for (const text of ['holding:0:float32:BADC', 'holding:0:int32:CDAB', 'holding:0:int16:BADC']) {
      const address = parseModbusAddress(text)
      expect(decodeRegisters(address, encodeRegisters(address, -1234), 0)).toBe(-1234)
    }
    expect(parseModbusAddress('coil:7')).toMatchObject({ table: 'coil', type: 'bool', width: 1 })
  })

  it('names what is wrong with an address', () => {
    expect(() => parseModbusAddress('holding:10:float64')).toThrow(
      'the type must be one of int16, uint16, int32, uint32, float32',
    )
    expect(() => parseModbusAddress('register:1:int16')).toThrow(
      'the table must be one of holding, input, coil, discrete',
    )
    expect(() => parseModbusAddress('input:-1:int16')).toThrow('the address must be an integer 0..65535')
    expect(() => parseModbusAddress('coil:1:int16')).toThrow('a coil is a bit')
    expect(() => parseModbusAddress('holding:1:int16:CDAB')).toThrow('a 16-bit value has no word order')
  })

  it('coalesces adjacent registers into few reads within the protocol limits', () => {
    const addresses = Array.from({ length: 256 }, (_v, i) => parseModbusAddress(`input:${i * 2}:float32`))
    const reads = coalesceReads([...addresses, parseModbusAddress('holding:3:int16'), parseModbusAddress('coil:1')])
    const inputs = reads.filter((read) => read.table === 'input')
    expect(inputs.map((read) => read.count)).toEqual([124, 124, 124, 124, 16])
    expect(inputs.flatMap((read) => read.addresses)).toHaveLength(256)
    expect(reads.filter((read) => read.table !== 'input').map((r) => [r.table, r.start, r.count])).toEqual([
      ['holding', 3, 1],
      ['coil', 1, 1],
    ])
    const gap = coalesceReads(['holding:0:int16', 'holding:9:int16', 'holding:100:int16'].map(parseModbusAddress))
    expect(gap.map((read) => [read.start, read.count])).toEqual([
      [0, 10],
      [100, 1],
    ])
  })
})

describe('line, MQTT, JSON and SCPI addresses', () => {
  it('reads CSV columns and JSON paths, and tells garbage apart', () => {
    const fields = splitLine('1234, 0.5123 ,2.5', 'csv', ',')
    expect('garbage' in fields).toBe(false)
    if ('garbage' in fields) return
    expect(parseLineAddress('csv:1', 'csv').read(fields)).toBe(0.5123)
    expect(parseLineAddress('csv:9', 'csv').read(fields)).toBeUndefined()
    expect(splitLine('\u0000rig booting...', 'csv', ',')).toEqual({
      garbage: 'not a CSV line of numbers: "\\u0000rig booting..."',
    })
    expect(splitLine('{"v": 1', 'json', ',')).toMatchObject({ garbage: expect.stringMatching(/^not a JSON line/) })
    expect(() => parseLineAddress('json:$.v', 'csv')).toThrow('this device prints csv lines')
    expect(compileJsonPath('$.cells[1]["v-1"]').read({ cells: [{}, { 'v-1': 3 }] })).toBe(3)
    expect(() => compileJsonPath('$..v')).toThrow('cannot read "..v"')
  })

  it('splits an MQTT address into topic and path; refuses wildcards', () => {
    const address = parseMqttAddress('lab/mfc3/state#json:$.v')
    expect(address.topic).toBe('lab/mfc3/state')
    expect(address.read(Buffer.from('{"v":"0.42"}'))).toBe(0.42)
    expect(parseMqttAddress('lab/v').read(Buffer.from('0.3'))).toBe(0.3)
    expect(() => parseMqttAddress('lab/+/v')).toThrow('exact topic name')
  })

  it('turns profile channels into queries and answers into numbers', () => {
    const keithley = loadScpiProfile('keithley-2700')
    expect(scpiQuery('dcv:101', keithley)).toBe('MEAS:VOLT:DC? (@101)')
    expect(scpiQuery('MEAS:TEMP? (@105)', bareProfile)).toBe('MEAS:TEMP? (@105)')
    expect(() => scpiQuery('dcv', keithley)).toThrow('dcv needs an argument')
    expect(() => scpiQuery('volts', keithley)).toThrow('not a channel of Keithley 2700-class')
    expect(scpiQuery('dcv', loadScpiProfile('generic-dmm'))).toBe('MEAS:VOLT:DC?')
    expect(scpiNumber('+5.1200000E-01VDC,+0012.345SECS,+00042RDNG#')).toBe(0.512)
    expect(scpiNumber('+9.9100000E+37')).toBeUndefined()
    expect(scpiNumber('ERROR')).toBeUndefined()
  })
})
