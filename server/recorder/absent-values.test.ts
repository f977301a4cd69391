import { describe, expect, it } from 'vitest'
import type { TelemetryFrame } from '../contract/stream.js'
import { historyQuerySchema } from '../contract/telemetry.js'
import { silentLogger } from '../logger.js'
import { openDatabase } from '../store/database.js'
import { createManualClock } from '../testing/manual-clock.js'
import { csvExport } from './csv-export.js'
import { createHistoryReader } from './history.js'
import { createTelemetryRecorder } from './recorder.js'
import { telemetryMigrations } from './schema.js'

/** A measured frame: cell 1 has a voltage only every other frame (its logger drops out), nothing models substrate. */
function hardwareFrame(seq: number): TelemetryFrame {
  return {
    ...{
      type: 'telemetry',
      source: 'hardware',
      runId: 'hw',
      seq,
      simTimeS: seq,
      wallTimeMs: 1_800_000_000_000 + seq * 1000,
    },
    ...{ state: 'running', controller: 'fixed' },
    cells: [seq % 2 === 0 ? { voltageV: 0.5, alarms: [] } : { alarms: [] }],
    stack: { temperatureK: 300 },
  }
}

describe('recording a source that lacks values', () => {
  it('stores absent values as NULL: the run says hardware, history skips them, CSV leaves them empty', async () => {
    const db = openDatabase(':memory:', telemetryMigrations)
    const recorder = createTelemetryRecorder({
      ...{ db, log: silentLogger, clock: createManualClock(), batchMs: 60_000 },
      describeRun: () => ({
        source: 'hardware',
        name: 'bench rig',
        seed: 0,
        controller: 'fixed',
        cells: 1,
        config: {},
      }),
    })
    for (let seq = 0; seq < 120; seq += 1) recorder.record(hardwareFrame(seq))
    recorder.close()
    const reader = createHistoryReader(db)
    expect(reader.run('hw')).toMatchObject({ source: 'hardware', name: 'bench rig', frames: 120 })
    const history = reader.history(
      historyQuerySchema.parse({ runId: 'hw', channels: 'voltageV,substrateMgL,stack.temperatureK', points: '120' }),
    )
    const series = (channel: string) => history.series.find((s) => s.channel === channel)!
    expect(series('voltageV').mean.every((v) => v === 0.5)).toBe(true)
    expect(series('voltageV').n.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(120)
    expect(series('substrateMgL').t).toEqual([])
    expect(series('stack.temperatureK').mean.length).toBeGreaterThan(0)
    const csv: string[] = []
    const meta = { stationVersion: '1', run: reader.run('hw'), events: [] }
    for await (const page of csvExport(db, reader.runKey('hw'), meta)) csv.push(page)
    const [, even, odd] = csv
      .join('')
      .split('\n')
      .filter((line) => !line.startsWith('#'))
    // seq, sim time, wall time, state, controller, loadConnected, 9 stack channels, cell 1's 6 channels and alarms, faults, events.
    expect(even!.split(',').slice(15)).toEqual(['0.5', '', '', '', '', '', '', '', ''])
    expect(odd!.split(',').slice(15)).toEqual(['', '', '', '', '', '', '', '', ''])
    expect(odd!.split(',').slice(5, 12)).toEqual(['', '', '', '', '', '', '300'])
    db.close()
  })
})
