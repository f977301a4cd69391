import type { Controller } from './controller.js'

export type MpptSettings = {
  /** 'stack': one perturb-and-observe loop on the shared load; 'cell': one loop per cell on its own load. */
  scope: 'stack' | 'cell'
  /** Relative step of R_ext per perturbation (0.05 = 5 %): multiplicative, so it scales across decades. */
  stepFraction: number
  periodS: number
  minOhm: number
  maxOhm: number
}

/** One perturb-and-observe loop: keep stepping the same way while power rises, turn back when it falls. */
function createLoop(settings: MpptSettings) {
  let direction = -1 // start towards lower resistance: a fresh cell usually sits above its MPP
  let lastPowerW: number | undefined
  return (powerW: number | null, ohm: number): number => {
    if (powerW === null) return ohm // no reading: no information, hold still
    if (lastPowerW !== undefined && powerW < lastPowerW) direction = -direction
    lastPowerW = powerW
    const next = ohm * (1 + settings.stepFraction) ** direction
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
      return { cellLoadOhm: observation.actuators.cellLoadOhm.map((ohm, cell) => loop(cell)(observation.cellPowerW[cell] ?? null, ohm)) }
    },
  }
}
