import type { TwinReplayResult } from '../../contract/twin.js'
import type { Work } from '../../sim/work.js'
import type { ProfileStore } from '../profiles/profile-store.js'
import { recordedFrames, type HistoryPort } from './recorded-frames.js'
import { resolveModel, type ModelRequest } from './twin-model.js'
import { createTwinStack, type TwinOutputs } from './twin-stack.js'

/*
 * Replay (docs/twin.md "Replay"): the twin run over a recorded run's history instead of live frames,
 * with the recorded load, feed and temperature: where and by how much the cells left their model.
 */

export type ReplayRequest = ModelRequest & { runId?: string | undefined; points: number; bandV: number }

export function* replayWork(
  request: ReplayRequest,
  history: HistoryPort,
  profiles: ProfileStore,
): Work<TwinReplayResult> {
  const recorded = recordedFrames(history, { runId: request.runId, points: request.points })
  const [first, ...rest] = recorded.frames
  const series: TwinReplayResult['series'] = {
    cell: null,
    timeS: [],
    measuredV: [],
    modelV: [],
    measuredW: [],
    modelW: [],
  }
  if (!first) return { runId: recorded.runId, series, cells: [] }
  const model = resolveModel(request, profiles, recorded.config)
  const twin = createTwinStack(model.specFor(first), first)
  const cells = first.cells.length
  const squares = new Float64Array(cells)
  const worst = new Float64Array(cells)
  const outside = new Float64Array(cells)
  const compare = (frame: typeof first, outputs: TwinOutputs) => {
    series.timeS.push(frame.simTimeS)
    series.measuredV.push(frame.stack.voltageV)
    series.modelV.push(outputs.stackVoltageV)
    series.measuredW.push(frame.stack.powerW)
    series.modelW.push(outputs.stackPowerW)
    frame.cells.forEach((cell, i) => {
      const residual = Math.abs(cell.voltageV - (outputs.cellVoltageV[i] as number))
      squares[i] = (squares[i] as number) + residual * residual
      worst[i] = Math.max(worst[i] as number, residual)
      if (residual > request.bandV) outside[i] = (outside[i] as number) + 1
    })
  }
  compare(first, twin.outputs())
  for (const frame of rest) {
    compare(frame, twin.follow(frame))
    if (model.influentAt) twin.setInfluent(model.influentAt(frame.simTimeS))
    yield
  }
  const n = series.timeS.length
  return {
    runId: recorded.runId,
    series,
    cells: Array.from({ length: cells }, (_, i) => ({
      rmsResidualV: Math.sqrt((squares[i] as number) / n),
      maxResidualV: worst[i] as number,
      outsideBandPct: (100 * (outside[i] as number)) / n,
    })),
  }
}
