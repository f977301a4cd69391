import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { startMosquitto, type Mosquitto } from '../server/testing/mosquitto.js'
import { subscribeMqtt, type MqttSubscriber, type SparkplugMessage } from '../server/testing/mqtt-subscriber.js'
import { startPrometheus, type PrometheusServer } from '../server/testing/prometheus.js'
import { PUBLISH_TEST_TOKEN, startPublishingStation } from '../server/testing/publishing-station.js'
import type { StationProcess } from '../server/testing/station-process.js'

/*
 * A fleet on one machine (docs/publishing.md "A fleet on one machine"): N station processes on free
 * ports with their own data dirs publish Sparkplug B into one Debian mosquitto, and one Debian
 * Prometheus scrapes all of them over TLS with a bearer token. A subscriber counts every station's
 * births and data; the broker is stopped for a while and started again, and every station's frames of
 * that outage must arrive (run/seq without a gap); Prometheus must hold every station's series with
 * its station, site and stack labels. Exits 1 if anything is missing; stops everything by PID, and
 * gives up after --timeout seconds.
 * Reproduce: npx tsc -b && node dist/bench/fleet.js --stations 10 --outage 5
 */
const { values } = parseArgs({
  options: {
    stations: { type: 'string', default: '10' },
    outage: { type: 'string', default: '5' },
    timeout: { type: 'string', default: '180' },
  },
})
const count = Number(values.stations)
const outageSeconds = Number(values.outage)
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const nameOf = (index: number) => `station-${String(index + 1).padStart(2, '0')}`
const siteOf = (index: number) => (index < count / 2 ? 'site-a' : 'site-b')

type Fleet = {
  broker: Mosquitto
  subscriber: MqttSubscriber
  stations: StationProcess[]
  prometheus?: PrometheusServer
}

async function startFleet(dir: string): Promise<Fleet> {
  // A persistent subscriber session on a persistent broker: nothing published while it reconnects is lost to it.
  const broker = await startMosquitto({ persistence: true })
  const subscriber = await subscribeMqtt(broker.url, ['spBv1.0/fleet/#'], { clientId: 'fleet-host', clean: false })
  const stations = await Promise.all(
    Array.from({ length: count }, (_, index) =>
      startPublishingStation(
        { url: broker.url, mode: 'sparkplug', groupId: 'fleet', rates: { maxHz: 0 } },
        {
          ...{ dataDir: join(dir, nameOf(index)), readyTimeoutMs: 120_000 },
          station: { name: nameOf(index), site: siteOf(index), stack: 'stack1' },
        },
      ),
    ),
  )
  return { broker, subscriber, stations }
}

/** One scrape job over all stations: every station's certificate in one CA bundle, the shared token. */
function prometheusConfig(dir: string, stations: StationProcess[]): string {
  writeFileSync(
    join(dir, 'stations-ca.pem'),
    stations.map((station) => `${station.certificatePem().trim()}\n`).join(''),
  )
  writeFileSync(join(dir, 'token'), PUBLISH_TEST_TOKEN)
  const targets = stations.map((station) => `'127.0.0.1:${station.port}'`).join(', ')
  return [
    'global:',
    '  scrape_interval: 1s',
    'scrape_configs:',
    '  - job_name: mfc-station',
    '    scheme: https',
    '    tls_config:',
    `      ca_file: ${join(dir, 'stations-ca.pem')}`,
    '    authorization:',
    `      credentials_file: ${join(dir, 'token')}`,
    '    static_configs:',
    `      - targets: [${targets}]`,
    '',
  ].join('\n')
}

const byStation = (messages: SparkplugMessage[], station: string, type: string) =>
  messages.filter((message) => message.edgeNodeId === station && message.type === type)

/** The frame seqs a station's DDATA carried (alias of run/seq from its DBIRTH). */
function frameSeqs(messages: SparkplugMessage[], station: string): number[] {
  const birth = byStation(messages, station, 'DBIRTH')[0]
  const alias = birth?.decoded.metrics.find((metric) => metric.name === 'run/seq')?.alias
  return byStation(messages, station, 'DDATA').flatMap((message) =>
    message.decoded.metrics.filter((metric) => metric.alias === alias).map((metric) => metric.longValue ?? -1),
  )
}
const gaps = (seqs: number[]) => {
  const seen = new Set(seqs)
  const [low, high] = [Math.min(...seqs), Math.max(...seqs)]
  return Array.from({ length: high - low + 1 }, (_, i) => low + i).filter((seq) => !seen.has(seq)).length
}

async function run(fleet: Fleet, dir: string): Promise<boolean> {
  const startedAt = Date.now()
  const names = fleet.stations.map((_, index) => nameOf(index))
  const all = () => fleet.subscriber.sparkplug()
  await fleet.subscriber.waitFor(
    'data from every station',
    () => names.every((n) => byStation(all(), n, 'DDATA').length >= 10),
    60_000,
  )
  await fleet.broker.stop()
  await sleep(outageSeconds * 1000)
  await fleet.broker.start()
  // Every station reconnects after its backoff and replays the outage: wait for historical data from all.
  const replayed = (name: string) =>
    byStation(all(), name, 'DDATA').some((m) => m.decoded.metrics.some((x) => x.isHistorical))
  await fleet.subscriber.waitFor('every station to replay its outage', () => names.every(replayed), 90_000)
  await sleep(2000)
  fleet.prometheus = await startPrometheus(prometheusConfig(dir, fleet.stations))
  const series = await fleet.prometheus
    .waitFor('mfc_stack_power_watts', (result) => result.length === count, 60_000)
    .catch(async (error: unknown) => {
      const targets = await fetch(`${fleet.prometheus?.url}/api/v1/targets`).then((res) => res.text())
      const log = fleet.prometheus
        ?.log()
        .split('\n')
        .filter((line) => /level=(error|warn)/.test(line))
        .join('\n')
      throw new Error(`${(error as Error).message}; targets: ${targets}; log: ${log}`, { cause: error })
    })
  const up = await fleet.prometheus.query('up{job="mfc-station"} == 1')
  const rows = names.map((name, index) => {
    const seqs = frameSeqs(all(), name)
    const labels = series.find((sample) => sample.metric['station'] === name)?.metric
    return {
      ...{ station: name, site: siteOf(index), nbirth: byStation(all(), name, 'NBIRTH').length },
      ...{ dbirth: byStation(all(), name, 'DBIRTH').length, ddata: byStation(all(), name, 'DDATA').length },
      ...{
        frames: new Set(seqs).size,
        lost: gaps(seqs),
        labels: labels?.['site'] === siteOf(index) && labels['stack'] === 'stack1',
      },
    }
  })
  console.log(
    `\nnode dist/bench/fleet.js --stations ${count} --outage ${outageSeconds}   (${new Date().toISOString().slice(0, 10)}; ${count} station processes, one mosquitto, one Prometheus; broker stopped for ${outageSeconds} s; ${Math.round((Date.now() - startedAt) / 1000)} s after all were up)\n`,
  )
  console.log('| site | station | NBIRTH | DBIRTH | DDATA | frames | frames lost | Prometheus labels |')
  console.log('|---|---|---:|---:|---:|---:|---:|---|')
  for (const row of rows)
    console.log(
      `| ${row.site} | ${row.station} | ${row.nbirth} | ${row.dbirth} | ${row.ddata} | ${row.frames} | ${row.lost} | ${row.labels ? 'station, site, stack' : 'MISSING'} |`,
    )
  console.log(`\nPrometheus: ${series.length} stations with mfc_stack_power_watts, ${up.length} targets up`)
  return rows.every((row) => row.nbirth >= 2 && row.dbirth >= 2 && row.lost === 0 && row.labels) && up.length === count
}

async function main(): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'mfc-fleet-'))
  let fleet: Fleet | undefined
  const deadline = setTimeout(
    () => {
      console.error(`fleet: gave up after ${values.timeout} s`)
      void stopAll().then(() => process.exit(1))
    },
    Number(values.timeout) * 1000,
  )
  const stopAll = async () => {
    await Promise.all(fleet?.stations.map((station) => station.stop()) ?? [])
    await fleet?.prometheus?.stop()
    await fleet?.subscriber.close()
    await fleet?.broker.dispose()
    rmSync(dir, { recursive: true, force: true })
  }
  try {
    fleet = await startFleet(dir)
    return (await run(fleet, dir)) ? 0 : 1
  } finally {
    clearTimeout(deadline)
    await stopAll()
  }
}

process.exitCode = await main()
