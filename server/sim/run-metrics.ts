import { SUBSTRATE_BAND_MG_L } from './control/controller.js'
import { ACETATE_ELECTRONS_PER_MOL, ACETATE_MG_PER_MMOL, FARADAY_C_PER_MOL } from './parameters.js'

/** A run's figures of merit (docs/simulation.md "Run metrics"). Percentages; null where undefined. */
export type RunMetrics = {
  /** 100 * (1 - std(P) / mean(P)) over the evaluation window (after warm-up), time-weighted. */
  powerStabilityPct: number | null
  /** Share of the evaluation window with mean anode substrate within +/- 2 mM of the target. */
  timeInBandPct: number | null
  /** Energy harvested / energy at the model's own maximum power point, over the evaluation window. */
  trackingEfficiencyPct: number | null
  meanPowerW: number | null
  /** Energy harvested over the whole run, J. */
  energyJ: number
  /** Charge through the anodes / electrons in the substrate the cells consumed (acetate, 8 e-/mol). */
  coulombicEfficiencyPct: number | null
  methaneMl: number
  evaluatedS: number
}

/** Accumulates the metrics step by step, each sample weighted by its step length. */
export function createRunMetrics(warmupS: number) {
  let weight = 0
  let powerSum = 0
  let powerSquares = 0
  let inBand = 0
  let optimumEnergy = 0
  let optimumWeight = 0
  let energy = 0
  let charge = 0
  let consumedMg = 0
  let methane = 0
  return {
    /**
     * One step of `dtS` ending at `timeS`: harvested power, mean substrate and its target, charge
     * through all anodes (sum of I_i, A), substrate consumed (mg/d) and methane (mL/d) of the stack.
     */
    add(
      timeS: number,
      dtS: number,
      sample: {
        powerW: number
        substrateMgL: number
        targetMgL: number
        anodeCurrentA: number
        consumedMgPerDay: number
        methaneMlPerDay: number
        optimumPowerW: number | null
      },
    ): void {
      energy += sample.powerW * dtS
      charge += sample.anodeCurrentA * dtS
      consumedMg += (sample.consumedMgPerDay * dtS) / 86_400
      methane += (sample.methaneMlPerDay * dtS) / 86_400
      if (timeS <= warmupS) return
      weight += dtS
      powerSum += sample.powerW * dtS
      powerSquares += sample.powerW * sample.powerW * dtS
      if (Math.abs(sample.substrateMgL - sample.targetMgL) <= SUBSTRATE_BAND_MG_L) inBand += dtS
      if (sample.optimumPowerW !== null) {
        optimumEnergy += sample.optimumPowerW * dtS
        optimumWeight += sample.powerW * dtS
      }
    },
    result(): RunMetrics {
      const mean = weight > 0 ? powerSum / weight : null
      const variance = weight > 0 && mean !== null ? Math.max(powerSquares / weight - mean * mean, 0) : 0
      const electronsAvailableC =
        ((consumedMg / ACETATE_MG_PER_MMOL) * ACETATE_ELECTRONS_PER_MOL * FARADAY_C_PER_MOL) / 1000
      return {
        powerStabilityPct: mean !== null && mean > 0 ? 100 * (1 - Math.sqrt(variance) / mean) : null,
        timeInBandPct: weight > 0 ? (100 * inBand) / weight : null,
        trackingEfficiencyPct: optimumEnergy > 0 ? (100 * optimumWeight) / optimumEnergy : null,
        meanPowerW: mean,
        energyJ: energy,
        coulombicEfficiencyPct: electronsAvailableC > 0 ? (100 * charge) / electronsAvailableC : null,
        methaneMl: methane,
        evaluatedS: weight,
      }
    },
  }
}

export type RunMetricsAccumulator = ReturnType<typeof createRunMetrics>
