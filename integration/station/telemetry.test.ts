import { spawn } from 'node:child_process'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { WebSocket } from 'ws'
import { componentHealthSchema } from '../../server/contract/health.js'
import { serverMessageSchema, type ServerMessage } from '../../server/contract/stream.js'
import {
  historyResponseSchema,
  performanceSummarySchema,
  recordingStatusSchema,
  runDetailSchema,
  runEventsSchema,
  type RecordingStatus,
} from '../../server/contract/telemetry.js'
import { httpsRequest, startTestStation, type TestStation } from '../../server/testing/station-fixture.js'

let station: TestStation
beforeAll(async () => {
  station = await startTestStation({ sim: { speed: 600, tickHz: 20 }, telemetry: { batchMs: 100 } })
})
afterAll(async () => {
  await station?.dispose()
})

const json = async (path: string, init: Parameters<typeof httpsRequest>[2] = {}) => {
  const res = await httpsRequest(station, path, init)
  return {
    status: res.status,
    body: res.headers['content-type']?.toString().includes('json') ? (JSON.parse(res.body) as unknown) : res.body,
    raw: res,
  }
}

/** Waits (bounded) until the recorder has committed at least `frames` frames. */
function recorded(frames: number): Promise<RecordingStatus> {
  return vi.waitFor(
    async () => {
      const status = recordingStatusSchema.parse((await json('/api/v1/telemetry/recording')).body)
      if (status.framesWritten < frames) throw new Error(`only ${status.framesWritten} of ${frames} frames recorded`)
      return status
    },
    { timeout: 10_000, interval: 100 },
  )
}

/** `promtool check metrics` on a scrape; Debian package prometheus provides it. */
function promtoolCheck(text: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('promtool', ['check', 'metrics'], { stdio: ['pipe', 'pipe', 'pipe'] })
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.on('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'ENOENT'
          ? new Error('promtool not found: install the Debian package "prometheus" (bash .ci/system-packages)')
          : error,
      ),
    )
    child.on('close', (code) => resolve({ code: code ?? -1, output }))
    child.stdin.end(text)
  })
}

/** A token client on the station's stream, collecting every message. */
async function streamClient() {
  const ws = new WebSocket(`${station.url.replace('https', 'wss')}/api/v1/stream`, {
    ca: station.certificatePem,
    headers: { authorization: `Bearer ${station.adminToken}` },
  })
  const messages: ServerMessage[] = []
  ws.on('message', (data) => messages.push(serverMessageSchema.parse(JSON.parse(String(data)))))
  await new Promise((resolve) => ws.once('open', resolve))
  const until = (done: () => boolean, what: string) =>
    vi.waitFor(
      () => {
        if (!done()) throw new Error(`no ${what} yet`)
      },
      { timeout: 10_000, interval: 50 },
    )
  return { ws, messages, until }
}

describe('telemetry over a real station', () => {
  it('records the run and serves it as runs, history and CSV', async () => {
    await recorded(30)
    const list = (await json('/api/v1/runs')).body as {
      runs: Array<{ runId: string; frames: number; endedAt: string | null }>
      total: number
    }
    expect(list.total).toBe(1)
    const runId = list.runs[0]!.runId
    expect(list.runs[0]!.endedAt).toBeNull()

    const patched = await json(`/api/v1/runs/${runId}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ notes: 'inoculated 09:00' }),
    })
    expect(patched.status).toBe(200)
    const detail = runDetailSchema.parse((await json(`/api/v1/runs/${runId}`)).body)
    expect(detail).toMatchObject({
      notes: 'inoculated 09:00',
      cells: 5,
      config: expect.objectContaining({ stack: expect.anything() }),
    })

    const history = historyResponseSchema.parse(
      (await json(`/api/v1/telemetry/history?runId=${runId}&points=10&cells=0,4&channels=powerW,stack.powerW`)).body,
    )
    expect(history.series.map((s) => `${s.cell}:${s.channel}`)).toEqual(['0:powerW', '4:powerW', 'null:stack.powerW'])
    expect(history.series[0]!.t.length).toBeGreaterThan(0)
    expect(history.series[0]!.t.length).toBeLessThanOrEqual(10)

    const bad = await json('/api/v1/telemetry/history?channels=volts')
    expect(bad.status).toBe(400)
    expect(bad.body).toMatchObject({
      error: { code: 'bad_request', message: expect.stringContaining('query.channels') },
    })
    expect((await json('/api/v1/runs/no-such-run')).status).toBe(404)

    const csv = await httpsRequest(station, `/api/v1/runs/${runId}/telemetry.csv`)
    expect(csv.status).toBe(200)
    expect(csv.headers['content-type']).toContain('text/csv')
    const lines = csv.body.trimEnd().split('\n')
    expect(lines[0]).toMatch(/^# MFC Station \d+\.\d+\.\d+/)
    expect(lines.find((line) => line.startsWith('# run: '))).toContain(runId)
    expect(lines).toContain('# notes: inoculated 09:00')
    const header = lines.find((line) => !line.startsWith('#'))!.split(',')
    expect(header.slice(0, 3)).toEqual(['seq', 'sim_time_s', 'wall_time'])
    expect(header).toContain('cell5_power_W')
    expect(header).toContain('stack_feed_actual_L_per_day')
    expect(lines.length).toBeGreaterThan(30)
    expect((await httpsRequest(station, `/api/v1/runs/${runId}/telemetry.csv`, { anonymous: true })).status).toBe(401)
  })

  it('exposes Prometheus metrics that promtool accepts, only with metrics:read', async () => {
    await recorded(5)
    const scrape = await httpsRequest(station, '/metrics')
    expect(scrape.status).toBe(200)
    expect(scrape.headers['content-type']).toContain('text/plain')
    for (const name of [
      'mfc_cell_voltage_volts{stack="stack1",cell="0",station="',
      'mfc_stack_power_watts',
      'mfc_controller_power_stability_percent',
      'mfc_stream_clients',
      'mfc_stream_frames_dropped_total',
      'mfc_recorder_frames_written_total',
      'mfc_tls_certificate_remaining_seconds',
      'mfc_tls_last_renewal_success_timestamp_seconds',
      'mfc_tls_renewal_consecutive_failures',
      'mfc_service_restarts_total{service="simulation",station="',
      'process_cpu_seconds_total',
      'mfc_http_request_duration_seconds_bucket',
    ]) {
      expect(scrape.body).toContain(name)
    }
    expect(scrape.body).toMatch(
      /mfc_http_requests_total\{route="\/api\/v1\/telemetry\/recording",method="GET",status="200",station="[^"]+"\} \d+/,
    )
    const check = await promtoolCheck(scrape.body)
    expect(check.output).toBe('')
    expect(check.code).toBe(0)

    expect((await httpsRequest(station, '/metrics', { anonymous: true })).status).toBe(401)
    const performance = performanceSummarySchema.parse((await json('/metrics/performance')).body)
    expect(performance.frames_recorded).toBeGreaterThan(0)
  })
})

describe('health detail of a real station', () => {
  it('shows each supervised component to a signed-in caller only', async () => {
    const detail = (await json('/api/v1/health')).body as { components: unknown[] }
    const components = detail.components.map((component) => componentHealthSchema.parse(component))
    expect(components.map((c) => [c.name, c.state, c.restarts])).toEqual(
      expect.arrayContaining([
        ['recorder', 'up', 0],
        ['simulation', 'up', 0],
      ]),
    )
    expect((await json('/api/v1/health', { anonymous: true })).body).not.toHaveProperty('components')
  })
})

describe('telemetry under faults and narrowed streams', () => {
  it('keeps streaming and raises an alarm while the database refuses writes, then catches up', async () => {
    const { ws, messages, until } = await streamClient()
    // A second connection to the station's database makes every telemetry insert fail, as a full disk would.
    const saboteur = new Database(join(station.dataDir, 'station.db'))
    try {
      saboteur.exec(
        "CREATE TRIGGER refuse_frames BEFORE INSERT ON telemetry_frames BEGIN SELECT RAISE(ABORT, 'database or disk is full (simulated)'); END",
      )
      await until(
        () => messages.some((m) => m.type === 'event' && m.event.kind === 'service' && m.event.status === 'failing'),
        'recorder failing event',
      )
      const failing = messages.find((m) => m.type === 'event' && m.event.kind === 'service')
      expect(failing).toMatchObject({
        event: { service: 'recorder', message: expect.stringContaining('disk is full') },
      })
      const framesWhileFailing = messages.filter((m) => m.type === 'telemetry').length
      await until(
        () => messages.filter((m) => m.type === 'telemetry').length >= framesWhileFailing + 5,
        'frames while recording fails',
      )
      expect(recordingStatusSchema.parse((await json('/api/v1/telemetry/recording')).body)).toMatchObject({
        state: 'failing',
        pendingFrames: expect.any(Number),
      })
      expect((await httpsRequest(station, '/metrics')).body).toMatch(/^mfc_recorder_failing\{station="[^"]+"\} 1$/m)
    } finally {
      saboteur.exec('DROP TRIGGER IF EXISTS refuse_frames')
      saboteur.close()
    }
    await until(
      () => messages.some((m) => m.type === 'event' && m.event.kind === 'service' && m.event.status === 'recovered'),
      'recorder recovered event',
    )
    const status = recordingStatusSchema.parse((await json('/api/v1/telemetry/recording')).body)
    expect(status).toMatchObject({ state: 'recording', framesLost: 0 })
    ws.terminate()
  })

  it('streams narrowed samples to a subscribed token client', async () => {
    const { ws, messages } = await streamClient()
    ws.send(JSON.stringify({ type: 'subscribe', cells: [1], channels: ['powerW'], stack: false, maxHz: 5 }))
    await vi.waitFor(() => expect(messages.filter((m) => m.type === 'samples').length).toBeGreaterThanOrEqual(3), {
      timeout: 5000,
    })
    ws.terminate()
    const samples = messages.filter((m) => m.type === 'samples')
    expect(samples.length).toBeGreaterThanOrEqual(3)
    expect(samples[0]).toMatchObject({ cells: [{ index: 1, powerW: expect.any(Number) }] })
    expect(samples[0]).not.toHaveProperty('stack')
  })
})

describe('station events recorded with the run', () => {
  it('records station events with the run: the run events and the CSV show a fault and the actual feed 0', async () => {
    await recorded(10)
    const runId = ((await json('/api/v1/runs')).body as { runs: Array<{ runId: string }> }).runs[0]!.runId
    const fault = await json('/api/v1/simulation/faults', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'feed-pump-failure', durationS: 36_000 }),
    })
    expect(fault.status).toBe(201)
    const events = await vi.waitFor(
      async () => {
        const answer = runEventsSchema.parse((await json(`/api/v1/runs/${runId}/events`)).body)
        if (!answer.events.some((message) => message.event.kind === 'fault')) throw new Error('no fault recorded yet')
        return answer.events
      },
      { timeout: 10_000, interval: 100 },
    )
    expect(events.every((message) => message.runId === runId && message.simTimeS !== undefined)).toBe(true)
    await recorded((await recorded(0)).framesWritten + 10)
    const lines = (await httpsRequest(station, `/api/v1/runs/${runId}/telemetry.csv`)).body.trimEnd().split('\n')
    const header = lines.find((line) => !line.startsWith('#'))!.split(',')
    const rows = lines.filter((line) => /^\d/.test(line)).map((line) => line.split(','))
    expect(rows.some((row) => row.at(-1)!.startsWith('fault feed-pump-failure#'))).toBe(true)
    // A stack-wide pump failure: the commanded feed stays, the actual feed is 0.
    const last = rows.at(-1)!
    expect(last.at(-2)).toMatch(/^feed-pump-failure#\d+$/)
    expect(Number(last[header.indexOf('stack_feed_actual_L_per_day')])).toBe(0)
    expect(Number(last[header.indexOf('stack_feed_L_per_day')])).toBeGreaterThan(0)
    const id = (fault.body as { id: number }).id
    expect((await json(`/api/v1/simulation/faults/${id}`, { method: 'DELETE' })).status).toBe(204)
  })
})
