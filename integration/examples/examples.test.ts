import { spawn, spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { instrumentsStatusSchema } from '../../server/contract/instruments.js'
import { routeEntrySchema } from '../../server/contract/security.js'
import { requiredParts } from '../../server/testing/required-parts.js'
import { httpsRequest, startTestStation, type TestStation } from '../../server/testing/station-fixture.js'

// Every example in examples/ (docs/api.md "OpenAPI, the reference page and the typed client") runs
// against a real station: health, the latest frame, history or the stream, then an ingest batch that it
// reads back from the instruments' status.
//
// POST /api/v1/ingest came with the instruments work ("Real MFC hardware, part 1") and is merged: a
// station without the route fails this suite.
const INGEST_ROUTE_MERGED = true

/** One HTTP push device per example (docs/instruments.md "HTTP push"), mapped so its readings are shown. */
const pushDevices = ['example-curl', 'example-python', 'example-node']
const instruments = {
  devices: pushDevices.map((id) => ({ id, uri: 'http-ingest:', staleMs: 60_000 })),
  cells: pushDevices.map((device, index) => ({
    cell: index + 1,
    voltage: { device, address: 'voltageV' },
    current: { device, address: 'currentA' },
  })),
}

const examples = fileURLToPath(new URL('../../examples/', import.meta.url))
const python = '/usr/bin/python3'
const has = (command: string, args: string[]) => spawnSync(command, args, { stdio: 'ignore' }).status === 0
const parts = requiredParts('the examples', [
  ...(has('curl', ['--version']) ? [] : ['curl (Debian package curl)']),
  ...(has('jq', ['--version']) ? [] : ['jq (Debian package jq)']),
  ...(has(python, ['-c', 'import requests, websockets'])
    ? []
    : ['Debian python3 with requests and websockets (packages python3-requests, python3-websockets)']),
])

let station: TestStation
beforeAll(async () => {
  parts.assertPresent()
  station = await startTestStation({ instruments })
  const table = await httpsRequest(station, '/api/v1/security/routes')
  const routes = routeEntrySchema.array().parse(JSON.parse(table.body))
  const ingestServed = routes.some((route) => route.method === 'POST' && route.path === '/api/v1/ingest')
  if (!ingestServed && INGEST_ROUTE_MERGED) throw new Error('the station serves no POST /api/v1/ingest')
  // An offline device degrades the station (docs/instruments.md "Links"): each device sends a first reading,
  // other than the example's, so health is ok and a read back shows the example's own batch.
  for (const device of pushDevices) {
    const samples = ['voltageV', 'currentA'].map((channel) => ({ t: Date.now() - 1000, channel, value: 0.25 }))
    const seeded = await httpsRequest(station, '/api/v1/ingest', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ device, samples }),
    })
    expect(seeded.status).toBe(200)
  }
  // The examples read recent history: the recorder's first batch must be on disk (it commits every batchMs).
  await vi.waitFor(
    async () =>
      expect((await httpsRequest(station, '/api/v1/telemetry/history?channels=stack.powerW&points=10')).status).toBe(
        200,
      ),
    { timeout: 10_000, interval: 100 },
  )
})
afterAll(() => station?.dispose())

function runExample(command: string, args: string[]) {
  const env = {
    ...process.env,
    MFC_URL: station.url,
    MFC_TOKEN: station.adminToken,
    MFC_CA: join(station.dataDir, 'tls', 'server.crt'),
  }
  const child = spawn(command, args, { env, cwd: join(examples, '..'), stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const timer = setTimeout(() => child.kill('SIGKILL'), 25_000)
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.once('exit', (code) => (clearTimeout(timer), resolve({ code, stdout, stderr }))),
  )
}

/** The ingest step: the batch stored, read back by the example, and the station holding it as the device's readings. */
async function expectIngest(result: { code: number | null; stdout: string; stderr: string }, device: string) {
  expect(result.stderr).toBe('')
  expect(result.code).toBe(0)
  expect(result.stdout).toMatch(/^ingest: accepted 2 samples, 0 duplicates$/m)
  expect(result.stdout).toMatch(/^read back: online, currentA 0.0031, voltageV 0.512$/m)
  const status = instrumentsStatusSchema.parse(JSON.parse((await httpsRequest(station, '/api/v1/instruments')).body))
  expect(status.devices.find((d) => d.id === device)).toMatchObject({ state: 'online', protocol: 'http-ingest' })
  const readings = status.channels.filter((c) => c.device === device).map((c) => [c.address, c.raw])
  expect(Object.fromEntries(readings)).toEqual({ voltageV: 0.512, currentA: 0.0031 })
}

const runLine = /^latest: run [\w-]+ seq \d+, 5 cells, stack [\d.e-]+ W$/m

describe.skipIf(parts.skip)('examples', () => {
  it('curl session: health, the latest frame, history, an ingest batch', async () => {
    const result = await runExample('bash', [join(examples, 'curl', 'session.sh')])
    expect(result.stdout).toMatch(/^health: ok \(version \S+\)$/m)
    expect(result.stdout).toMatch(runLine)
    expect(result.stdout).toMatch(/^history: 1 series, \d+ points of stack\.powerW$/m)
    await expectIngest(result, 'example-curl')
  })

  it.each([
    ['python (requests + websockets)', python, join(examples, 'python', 'station_client.py'), 'example-python'],
    ['node (https + ws)', process.execPath, join(examples, 'node', 'station-client.mjs'), 'example-node'],
  ])('%s: health, the latest frame, a stream subscription, an ingest batch', async (_name, command, script, device) => {
    const result = await runExample(command, [script])
    expect(result.stdout).toMatch(/^health: ok \(version \S+\)$/m)
    expect(result.stdout).toMatch(runLine)
    expect(result.stdout).toMatch(/^stream: hello protocol 2; 3 samples at <=2 Hz, last seq \d+$/m)
    await expectIngest(result, device)
  })
})
