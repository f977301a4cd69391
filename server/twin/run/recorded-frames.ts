import {
  historyStackChannels,
  type HistoryQuery,
  type HistoryResponse,
  type RunDetail,
} from '../../contract/telemetry.js'
import { AppError } from '../../errors.js'
import { parseRunConfig, type RunConfig } from '../../sim/run-config.js'
import type { TwinFrame } from './twin-frame.js'

/*
 * A recorded run read back as frames (docs/twin.md "Replay"): the recorder's downsampled history (bucket
 * means) of every cell's voltage, current, power and substrate and the stack's load, feed and
 * temperature, one frame per bucket. History does not keep whether the load was connected: a replayed
 * frame has it connected. A bucket without a value (an offline instrument) is NaN; a frame without a
 * load, feed or temperature is left out. A hardware run has no run configuration to take defaults from.
 */

/** The recorder's read side, as the twin needs it. */
export type HistoryPort = { history(query: HistoryQuery): HistoryResponse; run(runId: string): RunDetail }

const CELL_CHANNELS = ['voltageV', 'currentA', 'powerW', 'substrateMgL'] as const
/** The history API's limit on cells per query. */
const MAX_REPLAY_CELLS = 256

export type RecordedRun = { runId: string; config: RunConfig | undefined; frames: TwinFrame[] }

/** The frames of a recorded run (default the latest), at most `points` of them, and its run config. */
export function recordedFrames(
  history: HistoryPort,
  query: { runId?: string | undefined; fromS?: number | undefined; toS?: number | undefined; points: number },
): RecordedRun {
  const first = history.history({ runId: query.runId, points: 2, channels: ['stack.voltageV'] })
  const detail = history.run(first.runId)
  if (detail.cells > MAX_REPLAY_CELLS)
    throw new AppError('bad_request', `a run of ${detail.cells} cells is more than ${MAX_REPLAY_CELLS} can be replayed`)
  const config = detail.source === 'simulation' ? parseRunConfig(detail.config) : undefined
  const response = history.history({
    runId: detail.runId,
    ...(query.fromS === undefined ? {} : { from: query.fromS }),
    ...(query.toS === undefined ? {} : { to: query.toS }),
    points: query.points,
    cells: Array.from({ length: detail.cells }, (_, i) => i),
    channels: [...CELL_CHANNELS, ...historyStackChannels],
  })
  const values = new Map<string, Map<number, number>>()
  for (const series of response.series) {
    const key = `${series.cell ?? 'stack'}:${series.channel}`
    values.set(key, new Map(series.t.map((t, i) => [t, series.mean[i] as number])))
  }
  const times = [...(values.get('stack:stack.voltageV')?.keys() ?? [])].sort((a, b) => a - b)
  const value = (cell: number | 'stack', channel: string, t: number) =>
    values.get(`${cell}:${channel}`)?.get(t) ?? Number.NaN
  const frames = times.map((t): TwinFrame => ({
    ...{ runId: detail.runId, source: detail.source, simTimeS: t, wallTimeMs: 0, controller: detail.controller },
    cells: Array.from({ length: detail.cells }, (_, i) => ({
      ...{ voltageV: value(i, 'voltageV', t), currentA: value(i, 'currentA', t), powerW: value(i, 'powerW', t) },
      substrateMgL: value(i, 'substrateMgL', t),
    })),
    stack: {
      ...{ voltageV: value('stack', 'stack.voltageV', t), currentA: value('stack', 'stack.currentA', t) },
      ...{
        powerW: value('stack', 'stack.powerW', t),
        loadConnected: true,
        loadOhm: value('stack', 'stack.loadOhm', t),
      },
      ...{ feedLPerDay: value('stack', 'stack.feedLPerDay', t), temperatureK: value('stack', 'stack.temperatureK', t) },
    },
  }))
  return {
    runId: detail.runId,
    config,
    frames: frames.filter(({ stack }) =>
      [stack.loadOhm, stack.feedLPerDay, stack.temperatureK].every((input) => Number.isFinite(input)),
    ),
  }
}
