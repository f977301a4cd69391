import { afterEach, describe, expect, it } from 'vitest'
import { authMigrations } from '../auth/schema.js'
import { alarmsConfigSchema } from '../config/alarms-schema.js'
import type { EventMessage, StationEvent, TelemetryFrame } from '../contract/stream.js'
import { createEventBus } from '../event-bus.js'
import { silentLogger } from '../logger.js'
import { openDatabase } from '../store/database.js'
import { createManualClock } from '../testing/manual-clock.js'
import { alarmMigrations, createAlarmsModule } from './module.js'

const open: Array<() => void> = []
afterEach(() => open.splice(0).forEach((close) => close()))

/** A frame of a 3-cell run whose second cell has `voltageV`. */
const frame = (seq: number, voltageV: number, runId = 'run-1'): TelemetryFrame => ({
  type: 'telemetry',
  source: 'simulation',
  runId,
  seq,
  simTimeS: seq * 60,
  wallTimeMs: 1_800_000_000_000 + seq * 100,
  state: 'running',
  controller: 'fixed',
  cells: [0.5, voltageV, 0.5].map((v) => ({
    voltageV: v,
    currentA: 0.001,
    powerW: v * 0.001,
    substrateMgL: 300,
    anodeLossV: 0.1,
    internalOhm: 100,
    alarms: [],
  })),
  stack: {
    ...{ voltageV: 1, currentA: 0.001, powerW: 0.001, loadConnected: true },
    ...{ loadOhm: 600, feedLPerDay: 0.15, temperatureK: 303 },
  },
})

function harness() {
  const clock = createManualClock(1_800_000_000_000)
  const bus = createEventBus(silentLogger)
  const db = openDatabase(':memory:', [...authMigrations, ...alarmMigrations])
  const audited: string[] = []
  const audit = {
    record: (entry: { actor: string; action: string; target?: string }) =>
      void audited.push(`${entry.actor} ${entry.action} ${entry.target}`),
  }
  const guard = { require: () => () => {} } as never
  const alarms = createAlarmsModule({
    config: alarmsConfigSchema.parse({}),
    db,
    clock,
    bus,
    guard,
    audit,
    log: silentLogger,
  })
  const events: Array<Extract<StationEvent, { kind: 'alarm' }>> = []
  bus.subscribe('event', 'test', (message: EventMessage) => {
    if (message.event.kind === 'alarm') events.push(message.event)
  })
  open.push(
    () => void alarms.close?.(),
    () => db.close(),
  )
  return { clock, bus, alarms, events, audited }
}

describe('alarms module', () => {
  it('raises one de-flapped reversal alarm for a cell hovering at 0 V, with cells numbered from 1', () => {
    const { bus, alarms, events } = harness()
    let seq = 0
    for (const v of [-0.05, -0.05, -0.05]) bus.publish('telemetry', frame((seq += 1), v))
    for (let i = 0; i < 30; i += 1) bus.publish('telemetry', frame((seq += 1), i % 2 ? 0.01 : -0.01))
    expect(events.map((e) => `${e.action} ${e.id}`)).toEqual(['raised cell-voltage-reversal:2'])
    expect(alarms.book.list()).toMatchObject([
      { id: 'cell-voltage-reversal:2', cell: 2, severity: 'high', state: 'active-unacked', occurrences: 1 },
    ])
  })

  it('acknowledges, clears to normal, and keeps every transition in the history', () => {
    const { bus, alarms, events } = harness()
    let seq = 0
    for (let i = 0; i < 3; i += 1) bus.publish('telemetry', frame((seq += 1), -0.1))
    alarms.book.acknowledge('cell-voltage-reversal:2', 'bob')
    expect(alarms.book.list()[0]).toMatchObject({ state: 'active-acked', acknowledged: { by: 'bob' } })
    for (let i = 0; i < 12; i += 1) bus.publish('telemetry', frame((seq += 1), 0.3))
    expect(alarms.book.list()).toEqual([])
    expect(events.map((e) => `${e.action}->${e.state}`)).toEqual([
      'raised->active-unacked',
      'acknowledged->active-acked',
      'cleared->normal',
    ])
  })

  it("keeps an unacknowledged cleared alarm listed, and clears the old run's alarms when a new run starts", () => {
    const { bus, alarms } = harness()
    for (let seq = 1; seq <= 3; seq += 1) bus.publish('telemetry', frame(seq, -0.1))
    bus.publish('telemetry', frame(1, 0.5, 'run-2'))
    expect(alarms.book.list()).toMatchObject([{ id: 'cell-voltage-reversal:2', state: 'cleared-unacked' }])
    alarms.book.acknowledge('cell-voltage-reversal:2', 'carol')
    expect(alarms.book.list()).toEqual([])
  })

  it('shelves an alarm for a bounded time: not announced meanwhile, back by itself when the time is up', () => {
    const { bus, alarms, events, clock } = harness()
    for (let seq = 1; seq <= 3; seq += 1) bus.publish('telemetry', frame(seq, -0.1))
    alarms.book.shelve('cell-voltage-reversal:2', 'dave', 5, 'cell under repair')
    expect(alarms.book.list()[0]!.shelved).toMatchObject({ by: 'dave', reason: 'cell under repair' })
    clock.advance(5 * 60_000 + 10_000)
    expect(alarms.book.list()[0]!.shelved).toBeNull()
    expect(events.map((e) => `${e.action} ${e.by}`)).toEqual(['raised null', 'shelved dave', 'unshelved null'])
  })

  it('turns a failing service and a certificate alert into alarms', () => {
    const { bus, alarms } = harness()
    const publish = (event: StationEvent) => bus.publish('event', { type: 'event', wallTimeMs: 1, event })
    publish({ kind: 'service', service: 'recorder', status: 'failing', message: 'disk full' })
    publish({ kind: 'certificate', alert: 'expiry', severity: 'warning', message: '7 days left', daysLeft: 7 })
    expect(alarms.book.list().map((a) => `${a.id} ${a.severity} ${a.state}`)).toEqual([
      'service:recorder high active-unacked',
      'certificate:expiry medium cleared-unacked',
    ])
    publish({ kind: 'service', service: 'recorder', status: 'recovered', message: 'recording again' })
    expect(alarms.book.list().map((a) => `${a.id} ${a.state}`)).toContain('service:recorder cleared-unacked')
  })

  it('raises an alarm for an offline instrument until it is back, and shows a bad reading once', () => {
    const { bus, alarms } = harness()
    const publish = (event: StationEvent) => bus.publish('event', { type: 'event', wallTimeMs: 1, event })
    const state = () => alarms.book.list().map((a) => `${a.id} ${a.severity} ${a.state} ${a.message}`)
    publish({ kind: 'instrument', device: 'logger', status: 'offline', message: 'no answer for 3 polls' })
    publish({ kind: 'instrument', device: 'ph', status: 'out-of-range', message: 'ph 15 outside 0..14' })
    expect(state()).toEqual([
      'instrument:logger high active-unacked logger: no answer for 3 polls',
      'instrument-range:ph medium cleared-unacked ph: ph 15 outside 0..14',
    ])
    publish({ kind: 'instrument', device: 'logger', status: 'online', message: 'answering again' })
    expect(state()[0]).toBe('instrument:logger high cleared-unacked logger: no answer for 3 polls')
  })
})
