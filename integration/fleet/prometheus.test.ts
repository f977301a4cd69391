import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  prometheusUnavailable,
  promtoolCheckConfig,
  startPrometheus,
  type PrometheusServer,
} from '../../server/testing/prometheus.js'
import { requiredParts } from '../../server/testing/required-parts.js'
import { httpsRequest, startTestStation, type TestStation } from '../../server/testing/station-fixture.js'

const parts = requiredParts(
  'Prometheus at fleet scale',
  [prometheusUnavailable()].filter((p) => p !== undefined),
)
const shipped = (name: string) => readFileSync(new URL(`../../resources/prometheus/${name}`, import.meta.url), 'utf8')

let dir: string
let station: TestStation
const servers: PrometheusServer[] = []
beforeAll(async () => {
  if (parts.skip) return
  parts.assertPresent()
  dir = mkdtempSync(join(tmpdir(), 'mfc-fleet-prom-'))
  station = await startTestStation({ station: { name: 'station-7', site: 'site-a', stack: 'stack-b' } })
  const res = await httpsRequest(station, '/api/v1/tokens', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'prometheus', scopes: ['metrics:read'] }),
  })
  expect(res.status).toBe(201)
  writeFileSync(join(dir, 'mfc-metrics-token'), (JSON.parse(res.body) as { token: string }).token)
  writeFileSync(join(dir, 'station-ca.pem'), station.certificatePem)
})
afterAll(async () => {
  for (const server of servers.splice(0).reverse()) await server.stop()
  await station?.dispose()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

/** The shipped file with its example targets replaced, its paths made absolute, and a test's scrape interval. */
function adapt(config: string, targets: string[]): string {
  return config
    .replace(/targets: \[[^\]]*\]/, `targets: [${targets.map((target) => `'${target}'`).join(', ')}]`)
    .replace(/scrape_interval: \d+s/, 'scrape_interval: 1s')
    .replace('ca_file: station-ca.pem', `ca_file: ${join(dir, 'station-ca.pem')}`)
    .replace('credentials_file: mfc-metrics-token', `credentials_file: ${join(dir, 'mfc-metrics-token')}`)
}

describe.skipIf(parts.skip)('Debian Prometheus against a real station, and federation', () => {
  it('ships configs promtool accepts', () => {
    // The site config names its token and CA files relative to itself, as a deployment has them.
    for (const name of ['site-prometheus.yml', 'global-federation.yml'])
      copyFileSync(new URL(`../../resources/prometheus/${name}`, import.meta.url), join(dir, name))
    for (const name of ['site-prometheus.yml', 'global-federation.yml']) {
      const { code, output } = promtoolCheckConfig(join(dir, name))
      expect(output).toContain('SUCCESS')
      expect(code).toBe(0)
    }
  })

  it('scrapes the station over TLS with a bearer token; a global Prometheus federates its series with their labels', async () => {
    const site = await startPrometheus(adapt(shipped('site-prometheus.yml'), [`127.0.0.1:${station.port}`]))
    servers.push(site)
    const up = await site.waitFor('up{job="mfc-station"}', (result) => result[0]?.value[1] === '1')
    expect(up).toHaveLength(1)
    const power = await site.waitFor('mfc_stack_power_watts', (result) => result.length === 1)
    expect(power[0]?.metric).toMatchObject({
      ...{ job: 'mfc-station', instance: `127.0.0.1:${station.port}` },
      ...{ station: 'station-7', site: 'site-a', stack: 'stack-b' },
    })
    const cells = await site.query('mfc_cell_voltage_volts')
    expect(cells.map((sample) => sample.metric['cell']).sort()).toEqual(['0', '1', '2', '3', '4'])
    expect(cells.every((sample) => sample.metric['station'] === 'station-7')).toBe(true)

    const global = await startPrometheus(adapt(shipped('global-federation.yml'), [new URL(site.url).host]))
    servers.push(global)
    const federated = await global.waitFor(
      'mfc_cell_voltage_volts{station="station-7"}',
      (result) => result.length === 5,
    )
    // honor_labels: the station's labels and the site Prometheus's job and instance survive federation.
    expect(federated[0]?.metric).toMatchObject({
      ...{ job: 'mfc-station', instance: `127.0.0.1:${station.port}` },
      ...{ station: 'station-7', site: 'site-a', stack: 'stack-b', prometheus: 'site-a' },
    })
  })
})
