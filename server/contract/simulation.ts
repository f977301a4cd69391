import { z } from 'zod'

/*
 * Simulation API shapes. The run configuration itself is validated by the engine (server/sim/config.ts),
 * whose defaults come from the model's physics; here are the wire shapes clients read and the
 * vocabularies (controller and fault kinds) a UI offers.
 */

export const controllerKinds = ['fixed', 'pid', 'mppt', 'qlearning'] as const
export type ControllerKind = (typeof controllerKinds)[number]

/**
 * The settings a controller gets when a field is left out: the engine's schema takes its defaults from
 * here (server/sim/control/controller-config.ts), so a form can show them for a controller that is not
 * running. Reasons for the values: docs/simulation.md "Controllers".
 */
export const controllerDefaults = {
  fixed: { periodS: 60 },
  pid: { actuator: 'feed', kp: 0.002, ki: 2e-7, kd: 0, periodS: 300, outputMin: 0.02, outputMax: 1.5 },
  mppt: {
    scope: 'stack',
    stepFraction: 0.03,
    adaptive: false,
    minStepFraction: 0.01,
    maxStepFraction: 0.1,
    lowerStepRatio: 1 / 3,
    periodS: 300,
    minOhm: 1,
    maxOhm: 100_000,
  },
} as const satisfies Record<Exclude<ControllerKind, 'qlearning'>, Record<string, string | number | boolean>>

export const faultKinds = [
  'feed-pump-failure',
  'starvation',
  'biofilm-loss',
  'sensor-stuck',
  'sensor-drift',
  'load-disconnect',
  'temperature-step',
] as const
export type FaultKind = (typeof faultKinds)[number]

/** out-of-range: a measured value outside its configured plausible range (hardware only). */
export const cellAlarms = ['voltage-reversal', 'substrate-depleted', 'out-of-range'] as const
export type CellAlarm = (typeof cellAlarms)[number]

export const runStates = ['idle', 'running', 'paused', 'stopped', 'finished'] as const
export type RunState = (typeof runStates)[number]

/** Simulated seconds per wall-clock second, or as fast as the machine allows. */
export const speedSchema = z.union([z.number().positive().max(1e9), z.literal('max')])

export const activeFaultSchema = z.object({
  id: z.number().int(),
  startedS: z.number(),
  endsS: z.number().nullable(),
  fault: z.object({ kind: z.enum(faultKinds) }).loose(),
})

export const simulationStatusSchema = z.object({
  runId: z.string(),
  state: z.enum(runStates),
  name: z.string(),
  seed: z.number().int(),
  simTimeS: z.number().nonnegative(),
  durationS: z.number().positive(),
  speed: speedSchema,
  outputHz: z.number().positive(),
  cells: z.number().int().positive(),
  controller: z.enum(controllerKinds),
  activeFaults: z.array(activeFaultSchema),
  restartRequired: z.boolean(),
})
export type SimulationStatus = z.infer<typeof simulationStatusSchema>

export const speedRequestSchema = z
  .object({ speed: speedSchema.optional(), outputHz: z.number().positive().max(50).optional() })
  .strict()
  .refine((body) => body.speed !== undefined || body.outputHz !== undefined, { message: 'give speed and/or outputHz' })

/** Sweeps run the model to steady state at every point: bounded so one request cannot stall the station. */
export const sweepRequestSchema = z
  .object({
    minOhm: z.number().positive().max(1e6).default(10),
    maxOhm: z.number().positive().max(1e6).default(2000),
    points: z.number().int().min(3).max(100).default(40),
  })
  .strict()
  .refine((body) => body.minOhm < body.maxOhm, { message: 'minOhm must be below maxOhm', path: ['minOhm'] })
export type SweepRequest = z.infer<typeof sweepRequestSchema>

export const polarizationPointSchema = z.object({
  rExtOhm: z.number(),
  currentA: z.number(),
  voltageV: z.number(),
  powerW: z.number(),
})
export type PolarizationPoint = z.infer<typeof polarizationPointSchema>
/** One cell's curve at the sweep's loads (`rExtOhm` is the sweep's load, shared by the cells it feeds). */
export const cellCurveSchema = z.object({
  /** The cell's voltage with the load disconnected. */
  openCircuitV: z.number(),
  points: z.array(polarizationPointSchema),
})
export type CellCurve = z.infer<typeof cellCurveSchema>
export const polarizationSweepSchema = z.object({
  mpp: polarizationPointSchema,
  points: z.array(polarizationPointSchema),
  /** The stack's voltage with the load disconnected (infinite R_ext), not the highest R_ext's point. */
  openCircuitV: z.number(),
  /** Every cell's curve, cell 1 first, at the same loads as `points` and in the same order. */
  cells: z.array(cellCurveSchema),
})
export type PolarizationSweep = z.infer<typeof polarizationSweepSchema>

export const runMetricsSchema = z.object({
  powerStabilityPct: z.number().nullable(),
  timeInBandPct: z.number().nullable(),
  trackingEfficiencyPct: z.number().nullable(),
  meanPowerW: z.number().nullable(),
  energyJ: z.number(),
  coulombicEfficiencyPct: z.number().nullable(),
  methaneMl: z.number(),
  evaluatedS: z.number(),
})
export type RunMetrics = z.infer<typeof runMetricsSchema>
