/*
 * One interface for every controller. The engine calls decide() every `periodS` simulated seconds with
 * what the instruments read (never the true state), and applies the actuator changes it returns.
 * Controllers are plain objects built from a config, so the engine can swap one for another between
 * two decisions without stopping the run.
 */

/** What a controller can set. Feed is per cell (parallel feeding) or the line's flow (cascade). */
export type Actuators = {
  /** The stack's shared load, ohm. */
  loadOhm: number
  /** Each cell's own load, ohm (used when the wiring gives cells separate loads). */
  cellLoadOhm: number[]
  feedLPerDay: number
  dosingMgPerDay: number
}

/** Measured values; null where a sensor dropped out. */
export type Observation = {
  timeS: number
  substrateMgL: readonly (number | null)[]
  cellVoltageV: readonly (number | null)[]
  /** Harvested power: load voltage x load current, or the sum of V_i^2 / R_i with separate loads. */
  powerW: number | null
  /** Each cell's harvested power V_i^2 / R_i (separate loads only; null otherwise). */
  cellPowerW: readonly (number | null)[]
  actuators: Readonly<Actuators>
  substrateTargetMgL: number
}

export type ControllerKind = 'fixed' | 'pid' | 'mppt' | 'qlearning'

export type Controller = {
  readonly kind: ControllerKind
  /** Simulated seconds between decisions. */
  readonly periodS: number
  decide(observation: Observation): Partial<Actuators>
}

/** Mean of the values that are present; null when every sensor dropped out. */
export function meanPresent(values: readonly (number | null)[]): number | null {
  let sum = 0
  let count = 0
  for (const value of values) {
    if (value === null) continue
    sum += value
    count += 1
  }
  return count === 0 ? null : sum / count
}

/** Acetate: 1 mM = 59.04 mg/L (docs/simulation.md "Run metrics"); the band of the substrate metric is +/- 2 mM. */
export const SUBSTRATE_BAND_MG_L = 2 * 59.04
