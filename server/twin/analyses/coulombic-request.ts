import type { CoulombicRequest, CoulombicResult } from '../../contract/analyses.js'
import { AppError } from '../../errors.js'
import { influentAt } from '../../sim/build.js'
import { nominalCellParameters } from '../../sim/parameters.js'
import type { RunConfig } from '../../sim/run-config.js'
import { recordedFrames, type HistoryPort } from '../run/recorded-frames.js'
import type { TwinFrame } from '../run/twin-frame.js'
import { CurveFileError } from './curve-file.js'
import { parseSeriesFile } from './series-file.js'
import {
  batchCycle,
  COD_PER_ACETATE_MG,
  coulombicEfficiencyPct,
  continuousPeriod,
  detectCycles,
  type CurrentSeries,
  type CycleResult,
  type FeedSeries,
} from './coulombic.js'

/*
 * The coulombic analysis of a request (docs/twin.md "Coulombic efficiency and COD removal"): a series
 * given with it (as numbers or an exported file), or a recorded run's telemetry (one cell, or every cell together: the charge through
 * all anodes against the COD all of them removed). In continuous mode without COD values, a run's
 * feed gives them: the influent substrate (its schedule) and each cell's effluent substrate, as COD.
 */

const RUN_POINTS = 10_000

type Source = { series: CurrentSeries; frames?: TwinFrame[]; config?: RunConfig | undefined; cells: number[] }

function sourceOf(body: CoulombicRequest, history: HistoryPort): Source {
  if (body.series) return { series: body.series, cells: [] }
  if (body.file) {
    try {
      return { series: parseSeriesFile(body.file.text, body.file).series, cells: [] }
    } catch (error) {
      if (error instanceof CurveFileError) throw new AppError('bad_request', `file: ${error.message}`)
      throw error
    }
  }
  const run = body.run ?? {}
  const recorded = recordedFrames(history, { runId: run.runId, fromS: run.fromS, toS: run.toS, points: RUN_POINTS })
  const count = recorded.frames[0]?.cells.length ?? 0
  if (run.cell !== undefined && run.cell >= count)
    throw new AppError('bad_request', `run.cell: the run has ${count} cells`)
  const cells = run.cell === undefined ? Array.from({ length: count }, (_, i) => i) : [run.cell]
  const frames = recorded.frames
  return {
    frames,
    config: recorded.config,
    cells,
    series: {
      timeS: frames.map((f) => f.simTimeS),
      currentA: frames.map((f) => cells.reduce((sum, i) => sum + (f.cells[i]?.currentA ?? 0), 0)),
      voltageV: frames.map((f) =>
        run.cell === undefined ? f.stack.voltageV : (f.cells[run.cell]?.voltageV ?? Number.NaN),
      ),
    },
  }
}

function batch(body: CoulombicRequest, source: Source): CycleResult[] {
  const perCell = source.config?.cell.parameters.anodeVolumeL ?? nominalCellParameters.anodeVolumeL
  const volumeL = body.anodeVolumeL ?? (source.config ? perCell * source.cells.length : undefined)
  if (volumeL === undefined) throw new AppError('bad_request', 'anodeVolumeL: batch mode needs the anode volume')
  const { series } = source
  if (body.cycles === 'detect' && !series.voltageV)
    throw new AppError('bad_request', 'series.voltageV: detecting cycles needs the voltage trace')
  const cycles = body.cycles === 'detect' ? detectCycles(series.timeS, series.voltageV ?? []) : body.cycles
  return cycles.map((cycle) =>
    batchCycle(series, { codInMgL: body.codInMgL, codOutMgL: body.codOutMgL, ...cycle }, volumeL),
  )
}

/** Each counted cell's feed over the run's frames, its COD in and out from the substrate. */
function feedFromRun(source: Source): FeedSeries[] {
  const { frames = [], config, cells } = source
  if (!config) return []
  const cascade = config.stack.feeding === 'cascade'
  const timeS = frames.map((f) => f.simTimeS)
  const flowLPerDay = frames.map((f) => f.stack.feedLPerDay)
  return cells.map((i) => ({
    timeS,
    flowLPerDay,
    codInMgL: frames.map(
      (f) =>
        COD_PER_ACETATE_MG * (cascade && i > 0 ? (f.cells[i - 1]?.substrateMgL ?? 0) : influentAt(config, f.simTimeS)),
    ),
    codOutMgL: frames.map((f) => COD_PER_ACETATE_MG * (f.cells[i]?.substrateMgL ?? 0)),
  }))
}

/** The COD values entered, for every counted cell (parallel feeding) or the stack's line (cascade, or a given series). */
function enteredFeed(body: CoulombicRequest, source: Source): FeedSeries[] {
  const { timeS } = source.series
  const flow = body.flowLPerDay ?? source.frames?.map((f) => f.stack.feedLPerDay)
  if (flow === undefined) throw new AppError('bad_request', 'flowLPerDay: continuous mode needs the feed flow')
  const lines = source.config?.stack.feeding === 'parallel' ? source.cells.length : 1
  const feed: FeedSeries = {
    timeS,
    flowLPerDay: typeof flow === 'number' ? timeS.map(() => flow) : flow,
    codInMgL: timeS.map(() => body.codInMgL as number),
    codOutMgL: timeS.map(() => body.codOutMgL as number),
  }
  return Array.from({ length: lines }, () => feed)
}

function continuous(
  body: CoulombicRequest,
  source: Source,
): { result: CycleResult; codSource: CoulombicResult['codSource'] } {
  const { timeS } = source.series
  const entered = body.codInMgL !== undefined && body.codOutMgL !== undefined
  const feeds = entered ? enteredFeed(body, source) : feedFromRun(source)
  if (feeds.length === 0)
    throw new AppError('bad_request', 'codInMgL, codOutMgL: give the COD in and out, or analyse a recorded run')
  return {
    result: continuousPeriod(source.series, feeds, timeS[0] as number, timeS.at(-1) as number),
    codSource: entered ? 'entered' : 'feed',
  }
}

/** The request's analysis. */
export function coulombicAnalysis(body: CoulombicRequest, history: HistoryPort): CoulombicResult {
  const source = sourceOf(body, history)
  if (source.series.timeS.length < 2) throw new AppError('bad_request', 'the series has fewer than two samples')
  const outcome =
    body.mode === 'batch'
      ? {
          cycles: batch(body, source),
          codSource: body.codInMgL !== undefined || body.cycles !== 'detect' ? ('entered' as const) : ('none' as const),
        }
      : (() => {
          const { result, codSource } = continuous(body, source)
          return { cycles: [result], codSource }
        })()
  const chargeC = outcome.cycles.reduce((sum, c) => sum + c.chargeC, 0)
  const known = outcome.cycles.filter((c) => c.codRemovedMg !== null)
  const codRemovedMg = known.length ? known.reduce((sum, c) => sum + (c.codRemovedMg as number), 0) : null
  const knownCharge = known.reduce((sum, c) => sum + c.chargeC, 0)
  const fedMg = known.reduce(
    (sum, c) => sum + (c.codRemovalPct ? ((c.codRemovedMg as number) * 100) / c.codRemovalPct : 0),
    0,
  )
  return {
    mode: body.mode,
    codSource: outcome.codSource,
    cycles: outcome.cycles,
    total: {
      chargeC,
      codRemovedMg,
      codRemovalPct: codRemovedMg !== null && fedMg > 0 ? (100 * codRemovedMg) / fedMg : null,
      coulombicEfficiencyPct: codRemovedMg === null ? null : coulombicEfficiencyPct(knownCharge, codRemovedMg),
    },
  }
}
