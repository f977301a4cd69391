import type { z } from 'zod'
import type { ConfigLayer } from '../../server/config/schema.js'
import type { instrumentsConfigSchema } from '../../server/config/instruments-schema.js'
import { instrumentsStatusSchema, type InstrumentsStatus } from '../../server/contract/instruments.js'
import { telemetryFrameSchema, type TelemetryFrame } from '../../server/contract/stream.js'
import { httpsRequest, startTestStation, type TestStation } from '../../server/testing/station-fixture.js'

/**
 * A station reading `instruments`. The reversal rule raises at once here (the default waits 60 s of real
 * time on hardware, docs/operations.md "Alarms"), so a test sees the managed alarm of a measured cell.
 */
export function startHardwareStation(
  instruments: z.input<typeof instrumentsConfigSchema>,
  more: Omit<ConfigLayer, 'source' | 'instruments' | 'telemetry' | 'alarms'> = {},
): Promise<TestStation> {
  return startTestStation({
    ...more,
    source: 'hardware',
    instruments: { frameMs: 100, ...instruments },
    telemetry: { batchMs: 100 },
    alarms: {
      rules: [
        {
          ...{ id: 'cell-voltage-reversal', subject: 'cell', channel: 'voltageV', when: 'below', threshold: 0 },
          ...{ severity: 'high', message: 'voltage reversal' },
        },
      ],
    },
  })
}

/** One cell measured over HTTP push (device `rig`, channel `v1`) across 500 ohm, 10 cm² of anode configured, no volume. */
export const pushedCellRig = {
  devices: [{ id: 'rig', uri: 'http-ingest:', staleMs: 60_000 }],
  cells: [{ cell: 1, voltage: { device: 'rig', address: 'v1' }, rExtOhm: 500, anodeAreaCm2: 10 }],
} satisfies z.input<typeof instrumentsConfigSchema>

/** Pushes one sample per channel, stamped now, as a device posting to `POST /api/v1/ingest` (docs/instruments.md). */
export function pushSamples(station: TestStation, device: string, values: Record<string, number>) {
  const t = Date.now()
  return httpsRequest(station, '/api/v1/ingest', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      device,
      samples: Object.entries(values).map(([channel, value]) => ({ t, channel, value })),
    }),
  })
}

export async function instrumentsOf(station: TestStation): Promise<InstrumentsStatus> {
  const res = await httpsRequest(station, '/api/v1/instruments')
  if (res.status !== 200) throw new Error(`GET /api/v1/instruments: ${res.status} ${res.body}`)
  return instrumentsStatusSchema.parse(JSON.parse(res.body))
}

export async function latestOf(station: TestStation): Promise<TelemetryFrame | undefined> {
  const res = await httpsRequest(station, '/api/v1/telemetry/latest')
  return res.status === 200 ? telemetryFrameSchema.parse(JSON.parse(res.body)) : undefined
}

/** Polls `probe` every 50 ms until it returns something other than undefined; fails after `timeoutMs` saying what it waited for. */
export async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await probe()
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error(`waited ${timeoutMs} ms for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

/** The device's status once `accept` says it is what the test waits for. */
export function deviceWhen(
  station: TestStation,
  id: string,
  what: string,
  accept: (d: InstrumentsStatus['devices'][number]) => boolean,
) {
  return until(what, async () => (await instrumentsOf(station)).devices.find((d) => d.id === id && accept(d)))
}

/** The newest frame once `accept` says it is what the test waits for. */
export function frameWhen(
  station: TestStation,
  what: string,
  accept: (frame: TelemetryFrame) => boolean,
  timeoutMs?: number,
) {
  return until(
    what,
    async () => {
      const frame = await latestOf(station)
      return frame && accept(frame) ? frame : undefined
    },
    timeoutMs,
  )
}

export async function eventsOf(station: TestStation): Promise<Array<{ kind: string; [key: string]: unknown }>> {
  const res = await httpsRequest(station, '/api/v1/events')
  return (JSON.parse(res.body) as { events: Array<{ event: { kind: string } }> }).events.map((m) => m.event)
}
