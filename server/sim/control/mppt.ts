import type { Controller } from './controller.js'

export type MpptSettings = {
  /** 'stack': one perturb-and-observe loop on the shared load; 'cell': one loop per cell on its own load. */
  scope: 'stack' | 'cell'
  /** Relative step of R_ext per perturbation (0.05 = 5 %): multiplicative, so it scales across decades. The first step when adaptive. */
  stepFraction: number
  /**
   * Adapt the step: shrink it on every reversal, grow it while power keeps rising, within
   * [minStepFraction, maxStepFraction] (widened to include stepFraction). Opt-in: on the benchmark the
   * loss is the slow cliff below the peak, not the dither across it, and adapting gains nothing there.
   */
  adaptive: boolean
  minStepFraction: number
  maxStepFraction: number
  /**
   * A step towards lower R_ext is this fraction of a step towards higher R_ext. An MFC's power curve
   * is lopsided: gentle on the high-R side (activation and ohmic losses), a cliff on the low-R side,
   * where the current outruns the anode's substrate and mediator supply; and the cliff acts slowly
   * (substrate over hours) while a lower R_ext gives an immediate power rise, so equal steps make P&O
   * creep over the edge. Smaller steps down keep the dither on the safe side of the peak.
   */
  lowerStepRatio: number
  periodS: number
  minOhm: number
  maxOhm: number
}

/**
 * A reversal means the last step crossed the peak: halving the step makes the dither around the MPP
 * geometrically smaller (a fixed step keeps losing ~ the peak's curvature x step^2 on every step).
 */
const SHRINK_ON_REVERSAL = 0.5
/** Two rises in a row mean the peak is still ahead (or has moved): growing the step catches up with a moving MPP. */
const GROW_ON_RISE = 1.5

/**
 * One perturb-and-observe loop: keep stepping the same way while power rises, turn back when it falls.
 * Adaptive, the step shrinks at each turn and grows while power keeps rising, so the loop settles
 * close to the peak and still follows it when the feed moves it.
 */
function createLoop(settings: MpptSettings) {
  let direction = -1 // start towards lower resistance: a fresh cell usually sits above its MPP
  let step = settings.stepFraction
  const smallest = Math.min(settings.minStepFraction, step)
  const largest = Math.max(settings.maxStepFraction, step)
  let rises = 0
  let lastPowerW: number | undefined
  return (powerW: number | null, ohm: number): number => {
    if (powerW === null) return ohm // no reading: no information, hold still
    if (lastPowerW !== undefined && powerW < lastPowerW) {
      direction = -direction
      rises = 0
      if (settings.adaptive) step = Math.max(smallest, step * SHRINK_ON_REVERSAL)
    } else if (lastPowerW !== undefined) {
      rises += 1
      if (settings.adaptive && rises >= 2) step = Math.min(largest, step * GROW_ON_RISE)
    }
    lastPowerW = powerW
    const next = direction > 0 ? ohm * (1 + step) : ohm / (1 + settings.lowerStepRatio * step)
    return Math.min(settings.maxOhm, Math.max(settings.minOhm, next))
  }
}

/** Maximum power point tracking by perturb-and-observe on R_ext. */
export function createMpptController(settings: MpptSettings): Controller {
  const loops: Array<ReturnType<typeof createLoop>> = []
  const loop = (index: number) => (loops[index] ??= createLoop(settings))
  return {
    kind: 'mppt',
    periodS: settings.periodS,
    decide(observation) {
      if (settings.scope === 'stack') return { loadOhm: loop(0)(observation.powerW, observation.actuators.loadOhm) }
      return {
        cellLoadOhm: observation.actuators.cellLoadOhm.map((ohm, cell) =>
          loop(cell)(observation.cellPowerW[cell] ?? null, ohm),
        ),
      }
    },
  }
}
