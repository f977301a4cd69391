import { AppError } from '../../errors.js'
import { cellParameters, influentAt } from '../../sim/build.js'
import type { CellParameters } from '../../sim/parameters.js'
import { createRandom } from '../../sim/random.js'
import type { RunConfig } from '../../sim/run-config.js'
import { completeParameters, type ProfileStore } from '../profiles/profile-store.js'
import type { TwinFrame } from './twin-frame.js'
import type { StackLayout, TwinSpec } from './twin-stack.js'

/*
 * Which model a twin runs (docs/twin.md "The twin"): a saved cell profile for every cell, or, for a
 * simulated source, the run's own cells (their spread drawn from the run's seed as the engine draws it:
 * a perfect twin, until a fault makes the run leave it). The layout and the feed's strength come from
 * the request or the run configuration.
 */

export type TwinModelChoice = { profile: string } | { source: 'run' }
export type ModelRequest = {
  model: TwinModelChoice
  influentMgL?: number | undefined
  stack?:
    { wiring: StackLayout['wiring']; cellsPerString?: number | undefined; feeding: StackLayout['feeding'] } | undefined
}

/** How to build the twin's spec for a frame of the source, and what to call the model. */
export type ResolvedModel = {
  label: string
  specFor(frame: TwinFrame): TwinSpec
  /** The feed's strength over process time, where a run configuration says it (its influent schedule). */
  influentAt?: (timeS: number) => number
}

/** The parameters of `cells` cells: the profile's for each, or the run's own (nominal past its cell count). */
function parametersFor(model: TwinModelChoice, profiles: ProfileStore, config: RunConfig | undefined) {
  if ('profile' in model) {
    const parameters = completeParameters(profiles.get(model.profile).parameters)
    return { label: `profile ${model.profile}`, of: (cells: number) => Array.from({ length: cells }, () => parameters) }
  }
  if (!config) throw new AppError('bad_request', 'model.source "run" needs a simulated source: give a profile instead')
  const own = cellParameters(config, createRandom(config.seed))
  return {
    label: `run "${config.name}"`,
    of: (cells: number): CellParameters[] => Array.from({ length: cells }, (_, i) => own[i] ?? completeParameters({})),
  }
}

/** Resolves a start or replay request against the profiles and the source's run configuration, if it has one. */
export function resolveModel(
  request: ModelRequest,
  profiles: ProfileStore,
  config: RunConfig | undefined,
): ResolvedModel {
  const parameters = parametersFor(request.model, profiles, config)
  const layout: StackLayout | undefined = request.stack ?? config?.stack
  if (!layout) throw new AppError('bad_request', 'stack: give the wiring (no run configuration to take it from)')
  const fixedInfluent = request.influentMgL ?? config?.feed.influentMgL
  if (fixedInfluent === undefined)
    throw new AppError('bad_request', 'influentMgL: give the feed strength (telemetry does not carry it)')
  const resolved: ResolvedModel = {
    label: parameters.label,
    specFor: (frame) => ({
      parameters: parameters.of(frame.cells.length),
      layout: { wiring: layout.wiring, cellsPerString: layout.cellsPerString, feeding: layout.feeding },
      influentMgL: resolved.influentAt?.(frame.simTimeS) ?? fixedInfluent,
    }),
  }
  if (request.influentMgL === undefined && config) resolved.influentAt = (timeS) => influentAt(config, timeS)
  return resolved
}
