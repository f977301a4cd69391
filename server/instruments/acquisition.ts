import { randomUUID } from 'node:crypto'
import type { Clock, TimerHandle } from '../clock.js'
import type { InstrumentsStatus } from '../contract/instruments.js'
import type { StationEvent, TelemetryFrame } from '../contract/stream.js'
import type { EventBus } from '../event-bus.js'
import { createAlarms } from '../sim/alarms.js'
import type { ChannelMap, ChannelMapping } from './channel-map.js'
import type { Reading } from './driver.js'
import type { ControllerKind } from '../sim/control/controller.js'
import { assembleSamples, currentValues, type ActuatorValues, type MappedValue } from './frame-builder.js'

export type AcquisitionOptions = {
  map: ChannelMap
  readingOf: (device: string, address: string) => Reading | undefined
  bus: Pick<EventBus, 'publish'>
  clock: Clock
  frameMs: number
  runName: string
  /** Stored with the run (the instruments section, which holds secret names, never secrets). */
  runConfig: unknown
  /** The actuators' commanded and read-back values, carried in every frame. */
  actuators: ActuatorValues
  /** The controller a hardware station starts with (the control module announces switches as `controller` events). */
  controller: ControllerKind
}

/** Every cell's voltage in V, NaN where it has none (the alarm rules then neither raise nor clear). */
function cellVoltages(map: ChannelMap, values: Map<ChannelMapping, MappedValue>): Float64Array {
  const byCell = new Map<number, number>()
  for (const value of values.values())
    if (value.mapping.cell !== null && value.mapping.quantity === 'voltage') byCell.set(value.mapping.cell, value.si)
  return Float64Array.from(map.cells, ({ cell }) => byCell.get(cell) ?? Number.NaN)
}

/** `instrument` events for the values that left or re-entered their range since the last frame. */
function rangeEvents(values: Map<ChannelMapping, MappedValue>, flagged: Set<ChannelMapping>): StationEvent[] {
  const events: StationEvent[] = []
  for (const value of values.values()) {
    const { mapping } = value
    if (value.outOfRange === flagged.has(mapping)) continue
    if (value.outOfRange) flagged.add(mapping)
    else flagged.delete(mapping)
    const range = `${mapping.range!.min}..${mapping.range!.max} ${mapping.unit}`
    const message = value.outOfRange
      ? `${mapping.target} = ${value.value} ${mapping.unit}, outside ${range}`
      : `${mapping.target} back within ${range}`
    events.push({ kind: 'instrument', device: mapping.device, status: 'out-of-range', message })
  }
  return events
}

/**
 * The hardware run (docs/instruments.md "Acquisition"): every frameMs the newest current value of every
 * mapped channel becomes one `hardware` telemetry frame on the bus, at real time (simTimeS is seconds
 * since the run started), so recording, the stream, history, CSV, metrics and alarms work as for a
 * simulated run. The frame's per-cell flags use the simulation's alarm rules (the alarms module raises
 * the managed alarms from the values); a value outside its plausible range is flagged in the frame and
 * announced once per excursion.
 */
export function createAcquisition(options: AcquisitionOptions) {
  const { map, clock, bus } = options
  let run: { runId: string; startedAtMs: number; seq: number; state: 'running' | 'stopped' } | undefined
  let latest: TelemetryFrame | undefined
  let timer: TimerHandle | undefined
  let alarms = createAlarms(map.cells.length)
  let controller = options.controller
  const flagged = new Set<ChannelMapping>()
  const emit = (event: StationEvent) => bus.publish('event', { type: 'event', wallTimeMs: clock.now(), event })

  const announceRange = (values: Map<ChannelMapping, MappedValue>) => {
    for (const event of rangeEvents(values, flagged)) emit(event)
  }

  const tick = () => {
    if (!run || run.state !== 'running') return
    const wallTimeMs = clock.now()
    const simTimeS = (wallTimeMs - run.startedAtMs) / 1000
    const values = currentValues(map, options.readingOf)
    announceRange(values)
    // No substrate is measured: NaN never raises (or clears) the substrate alarm.
    alarms.update(simTimeS, cellVoltages(map, values), new Float64Array(map.cells.length).fill(Number.NaN))
    const { cells, stack } = assembleSamples(map, values, (index) => alarms.of(index), options.actuators)
    latest = {
      ...{ type: 'telemetry', source: 'hardware', runId: run.runId, seq: run.seq, simTimeS, wallTimeMs },
      ...{ state: 'running', controller, cells, stack },
    }
    run.seq += 1
    bus.publish('telemetry', latest)
  }

  const status = () => ({
    runId: run?.runId ?? '',
    state: run?.state ?? ('idle' as const),
    name: options.runName,
  })
  return {
    /** Starts a new run (a running one goes on). */
    start() {
      if (run?.state !== 'running') {
        run = { runId: randomUUID(), startedAtMs: clock.now(), seq: 0, state: 'running' }
        alarms = createAlarms(map.cells.length)
        latest = undefined
        flagged.clear()
        emit({ kind: 'run-state', runId: run.runId, state: 'running' })
        timer ??= clock.setInterval(tick, options.frameMs)
      }
      return status()
    },
    /** Ends the run: the recorder closes it; devices stay connected. */
    stop() {
      if (run?.state === 'running') {
        run.state = 'stopped'
        emit({ kind: 'run-state', runId: run.runId, state: 'stopped' })
      }
      return status()
    },
    status,
    /** The controller frames name from now on. */
    setController(kind: ControllerKind): void {
      controller = kind
    },
    latest: (): TelemetryFrame | undefined => latest,
    run: (): InstrumentsStatus['run'] =>
      run ? { runId: run.runId, state: run.state, startedAtMs: run.startedAtMs, frames: run.seq } : null,
    describeRun: () => ({
      source: 'hardware' as const,
      ...{ name: options.runName, seed: 0, controller, cells: map.cells.length, config: options.runConfig },
    }),
    close(): void {
      if (timer) clock.clearInterval(timer)
      timer = undefined
    },
  }
}
export type Acquisition = ReturnType<typeof createAcquisition>
