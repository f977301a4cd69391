import { describe, expect, it } from 'vitest'
import type { StationEvent, TelemetryFrame } from '../contract/stream.js'
import { silentLogger } from '../logger.js'
import { openDatabase } from '../store/database.js'
import { createManualClock } from '../testing/manual-clock.js'
import { labMetricsCsvLines } from '../contract/lab-metrics.js'
import { computeLabMetrics, labMetricChannels } from '../lab-metrics/calculator.js'
import { csvExport } from './csv-export.js'
import { createHistoryReader } from './history.js'
import { createTelemetryRecorder } from './recorder.js'
import { createRunEventStore } from './run-events.js'
import { telemetryMigrations } from './schema.js'

/** Frame `seq` at sim time 10·seq of a two-cell run; cell 1 reversed every 7th frame; the pump fails for frames 10..19. */
function frame(seq: number): TelemetryFrame {
  const cell = (k: number) => ({ voltageV: 0.3 + k / 100, currentA: 0.01, powerW: 0.003, alarms: [] as string[] })
  const first = { ...cell(0), alarms: seq % 7 === 0 ? ['voltage-reversal'] : [] }
  return {
    ...{ type: 'telemetry', source: 'simulation', runId: 'run-1', seq, simTimeS: seq * 10 },
    ...{ wallTimeMs: 1_700_000_000_000 + seq * 100, state: 'running', controller: 'fixed' },
    cells: [first, cell(1)] as TelemetryFrame['cells'],
    stack: {
      voltageV: 0.6,
      loadOhm: 100,
      loadActualOhm: 100,
      feedLPerDay: 1,
      feedActualLPerDay: seq >= 10 && seq < 20 ? 0 : 1,
    },
  }
}

const at = (simTimeS: number, event: StationEvent) => ({
  type: 'event' as const,
  wallTimeMs: 0,
  runId: 'run-1',
  simTimeS,
  event,
})

/** A recorded run of 25 frames with a fault injected and cleared and a controller change, as CSV lines. */
async function exportedRun(): Promise<{ lines: string[]; events: string[] }> {
  const db = openDatabase(':memory:', telemetryMigrations)
  const describeRun = () => ({
    source: 'simulation' as const,
    name: 'test run',
    seed: 7,
    controller: 'fixed',
    cells: 2,
    config: {},
  })
  const rec = createTelemetryRecorder({
    db,
    log: silentLogger,
    clock: createManualClock(),
    batchMs: 60_000,
    describeRun,
  })
  for (let seq = 1; seq <= 25; seq += 1) {
    if (seq === 10) rec.record(at(95, { kind: 'fault', id: 3, faultKind: 'feed-pump-failure', action: 'injected' }))
    if (seq === 15) rec.record(at(150, { kind: 'controller', controller: 'mppt' }))
    if (seq === 20) rec.record(at(195, { kind: 'fault', id: 3, faultKind: 'unknown', action: 'cleared' }))
    rec.record(frame(seq))
  }
  rec.close()
  const reader = createHistoryReader(db)
  const key = reader.runKey('run-1')
  const events = createRunEventStore(db).read(key.id)
  const run = reader.run('run-1')
  const history = reader.history({ runId: 'run-1', channels: labMetricChannels, points: 2000 })
  const labMetrics = labMetricsCsvLines(computeLabMetrics({ run, history }))
  let csv = ''
  for await (const chunk of csvExport(db, key, { stationVersion: '9.9.9', run, events, labMetrics }, 10)) csv += chunk
  db.close()
  return { lines: csv.trimEnd().split('\n'), events: events.map((message) => message.event.kind) }
}

describe('the run CSV', () => {
  it('has metadata lines, cells numbered from 1 with SI units, actual beside commanded, fault and event columns', async () => {
    const { lines, events } = await exportedRun()
    expect(events).toEqual(['fault', 'controller', 'fault'])
    const comments = lines.filter((line) => line.startsWith('#'))
    expect(comments[0]).toBe('# MFC Station 9.9.9')
    expect(comments.join('\n')).toMatch(/# run: run-1 "test run" \(simulation\)/)
    expect(comments).toContain('# seed: 7')
    expect(comments).toContain('# controller history: fixed from start; mppt at 150 s')
    // 3 mW per cell from 10 s to 250 s: 0.72 J; on the default 25 cm2, 1.2 W/m2.
    const cell2 = comments.find((line) => line.startsWith('# lab metrics cell2: '))
    expect(cell2).toMatch(/power_density_area_W_per_m2=1\.2; .*energy_J=0\.72; /)
    expect(comments.find((line) => line.startsWith('# lab metrics stack: '))).toContain(
      'energy_J=n/a (fewer than two recorded frames)',
    )
    const header = lines[comments.length]!.split(',')
    expect(header.slice(0, 3)).toEqual(['seq', 'sim_time_s', 'wall_time'])
    expect(header).toEqual(
      expect.arrayContaining(['cell1_substrate_mg_per_L', 'cell2_voltage_V', 'stack_feed_L_per_day']),
    )
    expect(header).not.toContain('cell0_voltage_V')
    expect(header.slice(-2)).toEqual(['active_faults', 'events'])
    const rows = lines
      .slice(comments.length + 1)
      .map((line) => Object.fromEntries(line.split(',').map((value, i) => [header[i], value])))
    expect(rows).toHaveLength(25)
    const row = (seq: number) => rows[seq - 1]!
    expect(row(7)['cell1_alarms']).toBe('voltage-reversal')
    expect(row(10)).toMatchObject({ stack_feed_L_per_day: '1', stack_feed_actual_L_per_day: '0' })
    expect(row(10)).toMatchObject({
      active_faults: 'feed-pump-failure#3',
      events: 'fault feed-pump-failure#3 injected',
    })
    expect(row(15)).toMatchObject({ active_faults: 'feed-pump-failure#3', events: 'controller mppt' })
    expect(row(20)).toMatchObject({ active_faults: '', stack_feed_actual_L_per_day: '1' })
    expect(row(25)['seq']).toBe('25')
  })
})
