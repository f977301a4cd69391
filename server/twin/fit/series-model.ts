import type { CellParameters } from '../../sim/parameters.js'
import { createTwinStack } from '../run/twin-stack.js'
import type { TwinFrame } from '../run/twin-frame.js'
import type { VoltageModel } from './estimate.js'

/*
 * A cell's voltage over time from its load and feed history (docs/twin.md "Time-series fit"): the twin's
 * model of one cell (the engine's cell, steps of at most a minute), driven by each sample's load, flow,
 * influent and temperature, which hold until the next sample. It starts as the twin does: at the long-run
 * steady state at the first sample's load and feed (an established cell), so a series should start from a
 * cell that has run at its first load for a while.
 */

export type SeriesSample = {
  timeS: number
  /** NaN where the series has no measurement (an input-only row). */
  voltageV: number
  /** Infinity: open circuit. */
  rExtOhm: number
  flowLPerDay: number
  influentMgL: number
  temperatureK: number
}

/** Samples between two yields to the event loop: the model's step count bounds a slice, not the samples. */
const SAMPLES_PER_SLICE = 200

/** The twin's reading of a sample: only the inputs (its measurement is not an input). */
function inputFrame(sample: SeriesSample): TwinFrame {
  const open = !Number.isFinite(sample.rExtOhm)
  return {
    ...{ runId: 'series', source: 'hardware', simTimeS: sample.timeS, wallTimeMs: 0, controller: 'fixed' },
    cells: [
      {
        ...{ voltageV: Number.NaN, currentA: Number.NaN, powerW: Number.NaN, substrateMgL: Number.NaN },
        loadOhm: open ? Infinity : sample.rExtOhm,
      },
    ],
    stack: {
      ...{ voltageV: Number.NaN, currentA: Number.NaN, powerW: Number.NaN, loadConnected: !open },
      ...{ loadOhm: open ? 1e12 : sample.rExtOhm, feedLPerDay: sample.flowLPerDay, temperatureK: sample.temperatureK },
    },
  }
}

/** The modelled voltage at every sample, for a parameter set. */
export function createSeriesModel(samples: readonly SeriesSample[]): VoltageModel {
  const frames = samples.map(inputFrame)
  return function* seriesVoltages(parameters: CellParameters) {
    const first = samples[0] as SeriesSample
    const twin = createTwinStack(
      {
        parameters: [parameters],
        layout: { wiring: 'independent', feeding: 'parallel' },
        influentMgL: first.influentMgL,
      },
      frames[0] as TwinFrame,
    )
    const voltages = new Float64Array(samples.length)
    voltages[0] = twin.outputs().cellVoltageV[0] as number
    for (let i = 1; i < samples.length; i += 1) {
      voltages[i] = twin.follow(frames[i] as TwinFrame).cellVoltageV[0] as number
      twin.setInfluent((samples[i] as SeriesSample).influentMgL)
      if (i % SAMPLES_PER_SLICE === 0) yield
    }
    return voltages
  }
}
