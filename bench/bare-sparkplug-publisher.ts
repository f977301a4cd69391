import { readFileSync } from 'node:fs'
import { connect } from 'mqtt'
import { decodePayload, encodePayload } from '../server/publish/sparkplug/payload.js'

/*
 * The baseline of publish-bench.ts: a bare mqtt.js client that publishes the station's own DDATA
 * payloads (captured by the bench) at the same rate and QoS, re-stamped and re-encoded with the same
 * schema each time, and nothing else: no simulation, no rate filter, no outbox.
 * Usage: node dist/bench/bare-sparkplug-publisher.js URL TOPIC PAYLOADS_FILE HZ
 */
const [url = '', topic = '', file = '', hzText = '10'] = process.argv.slice(2)
const payloads = readFileSync(file, 'utf8')
  .split('\n')
  .filter((line) => line !== '')
  .map((line) => decodePayload(Buffer.from(line, 'base64')))
const client = connect(url, { clientId: 'bare-sparkplug-publisher', reconnectPeriod: 0 })
let index = 0
let seq = 0
client.once('connect', () => {
  process.stdout.write(`${JSON.stringify({ event: 'ready', url })}\n`)
  const timer = setInterval(
    () => {
      const payload = payloads[index % payloads.length]!
      index += 1
      const timestamp = Date.now()
      const metrics = payload.metrics.map((metric) => ({ ...metric, timestamp }))
      client.publish(topic, encodePayload({ timestamp, metrics, seq: (seq = (seq + 1) % 256) }), { qos: 1 })
    },
    1000 / Number(hzText),
  )
  process.once('SIGTERM', () => {
    clearInterval(timer)
    client.end(false, {}, () => process.exit(0))
  })
})
