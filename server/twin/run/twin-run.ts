import { createCondition, type Condition } from '../../alarms/condition.js'
import type { AlarmBook } from '../../alarms/alarm-book.js'
import type { AlarmSeverity } from '../../contract/alarms.js'
import type { TelemetryFrame } from '../../contract/stream.js'
import type { TwinSeries, TwinStatus } from '../../contract/twin.js'
import { createSampleRing, type SampleRing } from './sample-ring.js'
import { reported, twinFrameOf, type TwinFrame } from './twin-frame.js'
import type { ResolvedModel } from './twin-model.js'
import { createTwinStack, MAX_FOLLOW_GAP_S, type TwinOutputs, type TwinStack } from './twin-stack.js'

/*
 * The twin run (docs/twin.md "The twin"): follows every frame of the running source with the fitted
 * model, compares each cell's measured voltage with its model's, and raises a `twin-residual` alarm for a
 * cell whose residual stays beyond the band (with the deadband and delays of an alarm rule, in process
 * seconds). A new run, or a gap of more than a day, starts the twin over from that frame.
 */

/** The alarm module's port: the twin raises and clears its own alarms on the one active list. */
export type AlarmPort = Pick<AlarmBook, 'raise' | 'clear'>

export type TwinSettings = {
  model: ResolvedModel
  band: { bandV: number; deadbandV: number; onDelayS: number; offDelayS: number }
  severity: AlarmSeverity
}

export const TWIN_ALARM_RULE = 'twin-residual'
const alarmId = (cell: number) => `${TWIN_ALARM_RULE}:${cell + 1}`

type Following = {
  runId: string
  twin: TwinStack
  frame: TwinFrame
  outputs: TwinOutputs
  conditions: Condition[]
}

/** What the twin shows now: its state, the model, and each cell's measured and modelled voltage. */
function statusOf(settings: TwinSettings | undefined, state: Following | undefined, frames: number): TwinStatus {
  const cells =
    state?.frame.cells.map((cell, i) => {
      const modelV = state.outputs.cellVoltageV[i] as number
      return {
        measuredV: reported(cell.voltageV),
        modelV,
        residualV: reported(cell.voltageV - modelV),
        alarm: state.conditions[i]?.active ?? false,
      }
    }) ?? []
  return {
    state: !settings ? 'off' : state ? 'following' : 'waiting',
    runId: state?.runId ?? null,
    model: settings?.model.label ?? null,
    band: settings?.band ?? null,
    simTimeS: state?.frame.simTimeS ?? null,
    frames,
    stack: state
      ? {
          ...{ measuredV: reported(state.frame.stack.voltageV), modelV: state.outputs.stackVoltageV },
          ...{ measuredW: reported(state.frame.stack.powerW), modelW: state.outputs.stackPowerW },
        }
      : null,
    cells,
    rmsResidualV: rms(cells.flatMap((c) => (c.residualV === null ? [] : [c.residualV]))),
  }
}

const rms = (values: number[]): number | null =>
  values.length ? Math.sqrt(values.reduce((sum, v) => sum + v * v, 0) / values.length) : null

/** Each cell's residual through its condition (a cell its source did not report keeps its state): an alarm raised or cleared when one changes. */
function judgeResiduals(state: Following, current: TwinSettings, alarms: AlarmPort): void {
  const { frame, outputs } = state
  const at = { wallTimeMs: frame.wallTimeMs, simTimeS: frame.simTimeS }
  frame.cells.forEach((cell, i) => {
    const modelV = outputs.cellVoltageV[i] as number
    if (!Number.isFinite(cell.voltageV)) return
    const change = state.conditions[i]?.update(Math.abs(cell.voltageV - modelV), frame.simTimeS)
    if (change === 'cleared') alarms.clear(alarmId(i), at)
    if (change === 'raised')
      alarms.raise(
        {
          ...{ id: alarmId(i), ruleId: TWIN_ALARM_RULE, severity: current.severity, cell: i + 1 },
          message: `Cell ${i + 1} leaves its model (${current.model.label}): measured ${cell.voltageV.toFixed(3)} V, model ${modelV.toFixed(3)} V, band ±${current.band.bandV} V`,
        },
        at,
      )
  })
}

export function createTwinRun(deps: { alarms: AlarmPort }) {
  let settings: TwinSettings | undefined
  let following: Following | undefined
  let frames = 0
  let ring: SampleRing | undefined

  const clearAlarms = (wallTimeMs: number) => {
    for (let i = 0; i < (following?.conditions.length ?? 0); i += 1)
      deps.alarms.clear(alarmId(i), { wallTimeMs, simTimeS: null })
  }

  const begin = (frame: TwinFrame, current: TwinSettings): Following => {
    if (following) clearAlarms(frame.wallTimeMs)
    const twin = createTwinStack(current.model.specFor(frame), frame)
    const limit = {
      when: 'above' as const,
      threshold: current.band.bandV,
      ...current.band,
      deadband: current.band.deadbandV,
    }
    if (following?.runId !== frame.runId || !ring) ring = createSampleRing(frame.cells.length)
    return {
      runId: frame.runId,
      twin,
      frame,
      outputs: twin.outputs(),
      conditions: frame.cells.map(() => createCondition(limit)),
    }
  }

  return {
    start(next: TwinSettings, wallTimeMs: number): void {
      if (following) clearAlarms(wallTimeMs)
      settings = next
      following = undefined
      ring = undefined
      frames = 0
    },
    stop(wallTimeMs: number): void {
      clearAlarms(wallTimeMs)
      settings = undefined
      following = undefined
      ring = undefined
    },
    /** One frame of the source: advance the twin to it and judge the residuals. */
    observe(received: TelemetryFrame): void {
      const current = settings
      if (!current) return
      const frame = twinFrameOf(received, following?.runId === received.runId ? following.frame.stack : undefined)
      if (!frame) return
      const gapS = following ? frame.simTimeS - following.twin.timeS : Number.NaN
      const continues = following?.runId === frame.runId && gapS >= 0 && gapS <= MAX_FOLLOW_GAP_S
      following =
        continues && following ? { ...following, frame, outputs: following.twin.follow(frame) } : begin(frame, current)
      if (current.model.influentAt) following.twin.setInfluent(current.model.influentAt(frame.simTimeS))
      frames += 1
      judgeResiduals(following, current, deps.alarms)
      ring?.push(frame, following.outputs)
    },
    status: (): TwinStatus => statusOf(settings, following, frames),
    series: (cell: number | undefined, points: number): TwinSeries =>
      ring?.series(cell, points) ?? {
        cell: cell ?? null,
        timeS: [],
        measuredV: [],
        modelV: [],
        measuredW: [],
        modelW: [],
      },
    /** The twin's stack and the frame it stands at, for a what-if from now. */
    current: () => (following ? { twin: following.twin, frame: following.frame } : undefined),
  }
}

export type TwinRun = ReturnType<typeof createTwinRun>
