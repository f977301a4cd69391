import { describe, expect, it } from 'vitest'
import type { z } from 'zod'
import { instrumentsConfigSchema } from '../config/instruments-schema.js'
import { compileChannelMap } from './channel-map.js'
import { assembleSamples, currentValues } from './frame-builder.js'

const config = (input: z.input<typeof instrumentsConfigSchema>) => instrumentsConfigSchema.parse(input)
const devices = [
  { id: 'logger', uri: 'modbus-tcp://127.0.0.1:5020?unit=1' },
  { id: 'rig', uri: 'serial:///dev/ttyACM0?baud=115200&format=csv' },
]

describe('channel map', () => {
  it('names the key of every mistake', () => {
    const bad =
      (cells: unknown[], stack = {}) =>
      () =>
        compileChannelMap(config({ devices, cells, stack } as z.input<typeof instrumentsConfigSchema>))
    expect(bad([{ cell: 1, voltage: { device: 'logger', address: 'holding:10:float64' } }])).toThrow(
      'instruments.cells[0].voltage.address: "holding:10:float64": the type must be one of',
    )
    expect(bad([{ cell: 1, voltage: { device: 'rig', address: 'json:$.v' } }])).toThrow(
      'instruments.cells[0].voltage.address: "json:$.v": this device prints csv lines',
    )
    expect(bad([], { temperature: { device: 'logger', address: 'input:0:int16', unit: 'degR' } })).toThrow(
      'instruments.stack.temperature.unit: "degR" is not a temperature unit (K, degC, degF)',
    )
    expect(() => compileChannelMap(config({ devices: [{ id: 'x', uri: 'modbus-tcp://h:1?unit=999' }] }))).toThrow(
      'instruments.devices[0].uri: modbus-tcp://h:1?unit=999: "unit" must be an integer 0..255',
    )
    const schema = instrumentsConfigSchema.safeParse({
      devices: [...devices, devices[0]],
      cells: [{ cell: 2, voltage: { device: 'nope', address: 'csv:1' } }],
    })
    expect(schema.success).toBe(false)
    expect(schema.error!.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`)).toEqual([
      'devices.2.id: duplicate device id "logger"',
      'cells.0.cell: cells are numbered 1..1 without gaps',
      'cells.0.voltage.device: no device "nope" in instruments.devices',
    ])
  })

  it('calibrates, converts to SI, derives current and power, flags the implausible, leaves the rest absent', () => {
    const map = compileChannelMap(
      config({
        devices,
        cells: [
          {
            cell: 1,
            voltage: { device: 'rig', address: 'csv:1', unit: 'mV', range: { min: 0, max: 900 } },
            rExtOhm: 500,
          },
          {
            cell: 2,
            voltage: {
              device: 'rig',
              address: 'csv:2',
              calibration: [
                [0, 0],
                [4095, 3.3],
              ],
            },
          },
          { cell: 3, voltage: { device: 'logger', address: 'input:0:float32' } },
        ],
        stack: { temperature: { device: 'logger', address: 'holding:10:int16', scale: 0.1, unit: 'degC' } },
      }),
    )
    expect(map.addresses('rig')).toEqual(['csv:1', 'csv:2'])
    const raw: Record<string, number> = { 'rig csv:1': 950, 'rig csv:2': 2048, 'logger holding:10:int16': 253 }
    const values = currentValues(map, (device, address) => {
      const value = raw[`${device} ${address}`]
      return value === undefined ? undefined : { address, raw: value, atMs: 1 }
    })
    const { cells, stack } = assembleSamples(map, values, () => [])
    expect(cells[0]).toMatchObject({ alarms: ['out-of-range'], outOfRange: ['voltageV'] })
    expect(cells[0]!.voltageV).toBeCloseTo(0.95, 12)
    expect(cells[0]!.currentA).toBeCloseTo(0.95 / 500, 12)
    expect(cells[0]!.powerW).toBeCloseTo((0.95 * 0.95) / 500, 12)
    expect(cells[1]!.voltageV).toBeCloseTo((2048 * 3.3) / 4095, 9)
    expect(cells[1]).not.toHaveProperty('currentA')
    expect(cells[2]).toEqual({ alarms: [] })
    expect(stack).toEqual({ temperatureK: 25.3 + 273.15 })
  })
})
