import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from './load.js'
import { defaultStationName } from './station-schema.js'

const load = (file: Record<string, unknown>, env: Record<string, string> = {}) =>
  loadConfig({ flags: { dataDir: '/tmp/x', ...file }, env, fileExists: () => false })

describe('station and publish configuration', () => {
  it('takes the issue example as it is, with defaults for the rest', () => {
    const config = load({
      publish: { mqtt: { url: 'mqtt://127.0.0.1:1883', mode: 'sparkplug', groupId: 'lab', edgeNodeId: 'station1' } },
    })
    expect(config.publish.mqtt).toMatchObject({ groupId: 'lab', edgeNodeId: 'station1', qos: 1, rates: { maxHz: 1 } })
    expect(config.publish.mqtt?.storeAndForward).toEqual({ maxMessages: 100_000, maxMegabytes: 256 })
    expect(load({}).publish.mqtt).toBeUndefined()
    expect(load({}).station).toEqual({ name: defaultStationName(), site: '', stack: 'stack1' })
  })

  it('names the key of a bad value', () => {
    const bad: Array<[Record<string, unknown>, RegExp]> = [
      [{ publish: { mqtt: { url: 'http://broker' } } }, /publish\.mqtt\.url: an mqtt:\/\/ or mqtts:\/\/ URL/],
      [{ publish: { mqtt: { url: 'mqtt://u:secret@broker' } } }, /publish\.mqtt\.url: no password in the URL/],
      [{ publish: { mqtt: { mode: 'xml' } } }, /publish\.mqtt\.mode/],
      [{ publish: { mqtt: { groupId: 'a/b' } } }, /publish\.mqtt\.groupId: letters, digits/],
      [
        { publish: { mqtt: { tls: { certFile: 'c.pem' } } } },
        /publish\.mqtt\.tls\.certFile: certFile and keyFile go together/,
      ],
      [{ publish: { mqtt: { rates: { channels: { nope: {} } } } } }, /publish\.mqtt\.rates\.channels/],
      [{ station: { name: 'lab #1' } }, /station\.name: letters, digits/],
    ]
    for (const [layer, message] of bad) expect(() => load(layer)).toThrow(message)
    expect(() => load({ station: { site: 'a+b' } })).toThrow(ConfigError)
  })

  it('reads MFC_STATION_* and MFC_MQTT_* from the environment', () => {
    const config = load(
      {},
      { MFC_STATION_NAME: 'st-9', MFC_STATION_SITE: 'north', MFC_MQTT_URL: 'mqtts://b:8883', MFC_MQTT_MODE: 'json' },
    )
    expect(config.station).toMatchObject({ name: 'st-9', site: 'north' })
    expect(config.publish.mqtt).toMatchObject({ url: 'mqtts://b:8883', mode: 'json' })
  })

  it('makes an identifier of any host name', () => {
    expect(defaultStationName('lab-pc.example.org')).toBe('lab-pc.example.org')
    expect(defaultStationName('_odd')).toBe('station')
  })
})
