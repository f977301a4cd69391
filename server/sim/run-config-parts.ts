import { z } from 'zod'
import {
  biomassMgL,
  cellIndex,
  concentrationMgL,
  durationS,
  instantS,
  probeTimeS,
  sensorDriftPerDay,
  sensorNoise,
  temperatureStepK,
} from './bounds.js'
import { literatureInitialState, nominalCellParameters } from './parameters.js'

/* The parts of the run configuration that are documents of their own: a cell's initial state, an instrument, a fault. */

/** A cell's initial state; the oxidised mediator cannot exceed the mediator there is (M_total). */
export const initialStateSchema = z
  .object({
    substrateMgL: concentrationMgL.default(literatureInitialState.substrateMgL),
    anodophilicMgL: biomassMgL.default(literatureInitialState.anodophilicMgL),
    methanogenicMgL: biomassMgL.default(literatureInitialState.methanogenicMgL),
    oxidisedMediatorMgMPerMgX: z
      .number()
      .nonnegative()
      .max(nominalCellParameters.mTotalMgMPerMgX)
      .default(literatureInitialState.oxidisedMediatorMgMPerMgX),
  })
  .strict()

/** An instrument's imperfections, in the channel's own unit (V, A, mg/L, K). */
export const sensorSchema = z
  .object({
    noiseStd: sensorNoise.default(0),
    driftPerDay: sensorDriftPerDay.default(0),
    dropoutProbability: z.number().min(0).max(1).default(0),
    /** Dead time and first-order lag of the probe (a substrate probe is slow). */
    delayS: probeTimeS.default(0),
    lagS: probeTimeS.default(0),
  })
  .strict()

export const sensorChannels = ['voltage', 'current', 'substrate', 'temperature'] as const
export type SensorChannel = (typeof sensorChannels)[number]

const faultBase = { atS: instantS, durationS: durationS.optional() }
/** Faults injected at run time (docs/simulation.md "Faults"); `cell` absent = every cell. */
export const faultSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('feed-pump-failure'), ...faultBase, cell: cellIndex.optional() }).strict(),
  z.object({ kind: z.literal('starvation'), ...faultBase, cell: cellIndex.optional() }).strict(),
  z
    .object({
      kind: z.literal('biofilm-loss'),
      atS: instantS,
      cell: cellIndex.optional(),
      fraction: z.number().gt(0).max(1),
    })
    .strict(),
  z
    .object({
      kind: z.literal('sensor-stuck'),
      ...faultBase,
      channel: z.enum(sensorChannels),
      cell: cellIndex.optional(),
    })
    .strict(),
  z
    .object({
      kind: z.literal('sensor-drift'),
      ...faultBase,
      channel: z.enum(sensorChannels),
      cell: cellIndex.optional(),
      ratePerDay: sensorDriftPerDay,
    })
    .strict(),
  z.object({ kind: z.literal('load-disconnect'), ...faultBase }).strict(),
  z.object({ kind: z.literal('temperature-step'), ...faultBase, deltaK: temperatureStepK }).strict(),
])
export type Fault = z.infer<typeof faultSchema>
