import { z } from 'zod'
import { nominalCellParameters, type CellParameters } from './parameters.js'

type Range = readonly [number, number]

/**
 * The kinetic, biofilm, mediator and resistance constants: two decades either side of the literature
 * value (docs/simulation.md "Parameters"). The fitted model (Pinto et al. 2010) is validated near
 * them; reported MFCs vary within about one decade, so two leave room for any real cell while keeping
 * every rate, and with it the sweep's marching step, within the solvers' reach.
 */
function twoDecades(key: keyof CellParameters): Range {
  return [nominalCellParameters[key] / 100, nominalCellParameters[key] * 100]
}

function fitted<K extends keyof CellParameters>(keys: readonly K[]): Record<K, Range> {
  return Object.fromEntries(keys.map((key) => [key, twoDecades(key)])) as Record<K, Range>
}

/** Each cell parameter's range, [min, max] in the unit its name carries. */
export const parameterRanges: Record<keyof CellParameters, Range> = {
  ...fitted([
    'qMaxAMgSPerMgXDay',
    'qMaxMMgSPerMgXDay',
    'muMaxAPerDay',
    'muMaxMPerDay',
    'kSAMgL',
    'kSMMgL',
    'kDAPerDay',
    'kDMPerDay',
    'mTotalMgMPerMgX',
    'kMMgMPerMgX',
    'yMMgMPerMgS',
    'gammaMgMPerMol',
    'xMaxAMgL',
    'xMaxMMgL',
    'kXLPerMgX',
    'rMinOhm',
    'rMaxOhm',
    'kRLPerMgX',
    'epsMgMPerMgX',
  ]),
  /** A mediator carries one to four electrons per molecule (quinones and flavins two). */
  electronsPerMediator: [1, 4],
  /** Open-circuit potentials: above a millivolt, below 1.2 V (the acetate/oxygen couple gives 1.1 V at most). */
  eMinV: [1e-3, 1.2],
  eMaxV: [1e-3, 1.2],
  /** Methane yield: at most one CH4 per acetate, 22.4 mL (STP) per 59 mg = 0.38 mL/mg. */
  yCh4MlPerMgS: [1e-3, 0.38],
  /** Anode volume: 1 mL (a microfluidic cell) to 10 m3 (a pilot plant's module). */
  anodeVolumeL: [1e-3, 1e4],
  /** Anode area: 0.1 cm2 (a microelectrode) to 1000 m2 (a pilot plant's brushes). */
  anodeAreaCm2: [0.1, 1e7],
  /** Temperature factor: 1 (the paper's kinetics) to 1.2; wastewater kinetics use 1.02 to 1.10. */
  kineticsThetaPerK: [1, 1.2],
}

/** Overrides of some cell parameters, each within its range; unknown keys are errors. */
export const parameterOverridesSchema = z
  .object(
    Object.fromEntries(
      (Object.keys(parameterRanges) as Array<keyof CellParameters>).map((key) => {
        const [min, max] = parameterRanges[key]
        return [key, z.number().min(min).max(max).optional()]
      }),
    ) as Record<keyof CellParameters, z.ZodOptional<z.ZodNumber>>,
  )
  .strict()
