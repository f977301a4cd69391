import type { TelemetryFrame } from '../contract/stream.js'
import type { FitRequestBody, FitResultView, TwinStartRequest, WhatIfRequest, WhatIfResult } from '../contract/twin.js'
import type { SeriesFitRequestBody, SeriesFitResultView } from '../contract/twin-series-fit.js'
import { AppError } from '../errors.js'
import { controllerConfigSchema, type ControllerConfigInput } from '../sim/control/controller-config.js'
import type { RunConfig } from '../sim/run-config.js'
import { createOnlineResistance } from './analyses/online-resistance.js'
import type { ExclusiveWork } from './exclusive-work.js'
import { fitPolarizationWork } from './fit/fit-polarization.js'
import { fitRequestOf } from './fit/fit-request.js'
import { fitSeriesWork } from './fit/fit-series.js'
import { seriesRequestOf } from './fit/series-request.js'
import type { ProfileStore } from './profiles/profile-store.js'
import type { HistoryPort } from './run/recorded-frames.js'
import { replayWork, type ReplayRequest } from './run/replay.js'
import { resolveModel } from './run/twin-model.js'
import { createTwinRun, type AlarmPort } from './run/twin-run.js'
import { runWhatIf, whatIfRunConfig, type WhatIfPlan } from './run/what-if.js'

/** The running simulation, as the twin needs it: its run id, its configuration, and changing it. */
export type SimulationPort = {
  status(): { runId: string }
  config(): RunConfig
  configure(patch: unknown): { restartRequired: boolean }
}

export type TwinServiceDeps = {
  profiles: ProfileStore
  alarms: AlarmPort
  history: HistoryPort
  /** Absent with a hardware source: the twin then needs the layout and feed in its requests. */
  simulation?: SimulationPort | undefined
  jobs: ExclusiveWork
  now: () => number
}

/** A what-if plan from the request, the baseline defaulting to the controller the run has now. */
function planOf(
  plan: WhatIfRequest['candidate'] | undefined,
  fallback: ControllerConfigInput,
  label: string,
): WhatIfPlan {
  const controller = plan?.controller ?? fallback
  const parsed = controllerConfigSchema.safeParse(controller)
  if (!parsed.success)
    throw new AppError('bad_request', `${label}.controller: ${parsed.error.issues[0]?.message ?? 'invalid controller'}`)
  return {
    label: plan?.label ?? `${label}: ${parsed.data.kind}`,
    controller: parsed.data,
    procedure: plan?.procedure ?? [],
  }
}

/** Everything the twin module does, behind its routes. */
export function createTwinService(deps: TwinServiceDeps) {
  const { profiles, simulation, jobs, now } = deps
  const twin = createTwinRun({ alarms: deps.alarms })
  const online = createOnlineResistance()

  return {
    profiles,
    twin,
    online,
    observe(frame: TelemetryFrame): void {
      online.observe(frame)
      twin.observe(frame)
    },
    async fit(body: FitRequestBody): Promise<FitResultView> {
      const request = fitRequestOf(body, body.profile ? profiles.get(body.profile).parameters : {})
      const started = now()
      const result = await jobs.work('fit', () => fitPolarizationWork(request))
      return { ...result, cellParameters: { ...result.cellParameters }, elapsedMs: now() - started }
    },
    async fitSeries(body: SeriesFitRequestBody): Promise<SeriesFitResultView> {
      const profileParameters = body.profile ? profiles.get(body.profile).parameters : {}
      const request = seriesRequestOf(body, { history: deps.history, profileParameters })
      const started = now()
      const result = await jobs.work('fit', () => fitSeriesWork(request))
      return { ...result, cellParameters: { ...result.cellParameters }, elapsedMs: now() - started }
    },
    /** Starts (or restarts) the twin on the running source; the simulation's config supplies defaults. */
    start(request: TwinStartRequest): void {
      const config = simulation?.config()
      const model = resolveModel(request, profiles, config)
      const { bandV, deadbandV, onDelayS, offDelayS } = request
      twin.start({ model, band: { bandV, deadbandV, onDelayS, offDelayS }, severity: request.severity }, now())
    },
    stop: (): void => twin.stop(now()),
    replay: (request: ReplayRequest) => jobs.work('replay', () => replayWork(request, deps.history, profiles)),
    async whatIf(request: WhatIfRequest): Promise<WhatIfResult> {
      const current = twin.current()
      if (!current) throw new AppError('conflict', 'start the twin first: a what-if runs from its current state')
      // The controller the cells have now: the simulation's, or (another source) the load held where it is.
      const latest: ControllerConfigInput =
        simulation && simulation.status().runId === current.frame.runId
          ? simulation.config().controller
          : { kind: 'fixed' }
      const candidate = planOf(request.candidate, latest, 'candidate')
      const baseline = planOf(request.baseline, latest, 'baseline')
      const started = now()
      return jobs.task('what-if', async () => {
        const outcomes = []
        for (const plan of [candidate, baseline])
          outcomes.push(
            await runWhatIf(
              whatIfRunConfig(current.twin, current.frame, plan, request.horizonS),
              plan,
              request.points,
              now,
            ),
          )
        const [candidateOutcome, baselineOutcome] = outcomes
        return {
          ...{ fromSimTimeS: current.frame.simTimeS, horizonS: request.horizonS },
          ...{ candidate: candidateOutcome!, baseline: baselineOutcome!, elapsedMs: now() - started },
        }
      })
    },
    /** Copies a profile into the run config: every cell's parameters, or the chosen cells'. */
    applyProfile(name: string, cells: readonly number[] | undefined) {
      const { parameters } = profiles.get(name)
      if (!simulation) throw new AppError('conflict', 'the source is hardware: a profile applies to simulation runs')
      const config = simulation.config()
      const patch = cells
        ? {
            cells: [
              ...config.cells.filter((cell) => !cells.includes(cell.index)),
              ...cells.map((index) => ({ ...config.cells.find((cell) => cell.index === index), index, parameters })),
            ],
          }
        : { cell: { parameters } }
      return { ...simulation.configure(patch), patch }
    },
  }
}

export type TwinService = ReturnType<typeof createTwinService>
