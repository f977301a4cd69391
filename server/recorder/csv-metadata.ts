import { csvColumnName, csvQuantityOf, type RunDetail } from '../contract/telemetry.js'
import type { EventMessage, StationEvent } from '../contract/stream.js'
import { CELL_COLUMNS, STACK_COLUMNS } from './channels.js'

/** What the run CSV says about itself above its header row (docs/operator-ui.md "Exports"). */
export type CsvMeta = {
  stationVersion: string
  run: RunDetail
  events: readonly EventMessage[]
  /** The run's lab metrics as `#` lines (docs/lab-metrics.md), when the station computes them. */
  labMetrics?: readonly string[]
}

const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim()

/** The controller at the start and each change with its sim time: "fixed from start; mppt at 120 s". */
function controllerHistory(meta: CsvMeta): string {
  const changes = meta.events.flatMap((message) =>
    message.event.kind === 'controller' ? [`${message.event.controller} at ${message.simTimeS ?? '?'} s`] : [],
  )
  const first = (meta.run.config as { controller?: { kind?: string } } | null)?.controller?.kind
  return [`${first ?? meta.run.controller} from start`, ...changes].join('; ')
}

/** The `#` lines at the top of a run CSV: station, run, configuration, seed, controller history, notes, units. */
export function metadataLines(meta: CsvMeta): string[] {
  const { run } = meta
  return [
    `# MFC Station ${meta.stationVersion}`,
    `# run: ${run.runId} "${oneLine(run.name)}" (${run.source}), started ${run.startedAt}, ${run.endedAt ? `ended ${run.endedAt} (${run.endState})` : 'recording'}`,
    `# ${run.source === 'simulation' ? 'scenario' : 'hardware configuration'}: ${JSON.stringify(run.config)}`,
    `# seed: ${run.seed}`,
    `# controller history: ${controllerHistory(meta)}`,
    `# notes: ${oneLine(run.notes) || '-'}`,
    '# units: SI as in each column name; stack_load_ohm and stack_feed_L_per_day are commanded, *_actual_* what the stack got; sim_time_s is simulated seconds, wall_time ISO 8601 UTC',
    '# active_faults: faults in force at the row (kind#id); events: what happened since the previous row',
    ...(meta.labMetrics ?? []),
  ]
}

/** The header row; cells are numbered from 1 as on screen (`csvColumnName`). */
export function csvHeaderRow(cells: number): string[] {
  const names = [
    'seq',
    'sim_time_s',
    'wall_time',
    'state',
    'controller',
    'stack_load_connected',
    ...STACK_COLUMNS.map(({ channel }) => csvColumnName('stack', csvQuantityOf(channel))),
  ]
  for (let cell = 0; cell < cells; cell += 1)
    names.push(
      ...CELL_COLUMNS.map(({ channel }) => csvColumnName(cell, csvQuantityOf(channel))),
      `cell${cell + 1}_alarms`,
    )
  return [...names, 'active_faults', 'events']
}

/** One event as the `events` column says it. */
function describe(event: StationEvent): string {
  switch (event.kind) {
    case 'run-state':
      return `run ${event.state}`
    case 'controller':
      return `controller ${event.controller}`
    case 'fault':
      return `fault ${event.faultKind}#${event.id} ${event.action}`
    case 'alarm':
      return `alarm ${event.action}: ${oneLine(event.message)}`
    default:
      return event.kind
  }
}

/**
 * Walks the run's events (in run time order) alongside the rows: each row gets the faults in force and
 * the events since the previous row; events before the first frame go to the first row.
 */
export function createEventColumns(events: readonly EventMessage[]) {
  let next = 0
  const faults = new Map<number, string>()
  return (simTimeS: number): [string, string] => {
    const happened: string[] = []
    while (next < events.length && (events[next]!.simTimeS ?? 0) <= simTimeS) {
      const { event } = events[next]!
      next += 1
      happened.push(describe(event))
      if (event.kind !== 'fault') continue
      if (event.action === 'injected') faults.set(event.id, `${event.faultKind}#${event.id}`)
      else faults.delete(event.id)
    }
    return [[...faults.values()].join(' '), happened.join('; ')]
  }
}
