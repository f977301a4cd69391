import { z } from 'zod'
import { controllerKinds } from './simulation.js'

/**
 * Procedures (docs/control.md "Procedures"): named step lists the station runs on the stack through the
 * control port, on hardware or on the simulation. These are the limits the API and the editor share.
 */
export const PROCEDURE_LIMITS = {
  steps: 100,
  nameChars: 80,
  minOhm: 1,
  maxOhm: 1e7,
  maxLPerDay: 1000,
  maxWaitS: 30 * 86_400,
  maxDwellS: 86_400,
  minSampleS: 0.1,
  sweepSteps: 64,
  minEveryS: 60,
  maxEveryS: 30 * 86_400,
  maxTimes: 10_000,
} as const
const L = PROCEDURE_LIMITS

export const procedureIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lower-case letters, digits and dashes, at most 63, not starting with a dash')
  .refine((id) => id !== 'run', '"run" names the running procedure (/procedures/run)')
export const procedureIdParamsSchema = z.object({ id: procedureIdSchema })

const ohm = z.number().min(L.minOhm).max(L.maxOhm)
const setLoadStep = z
  .object({ kind: z.literal('setLoad'), ohm: z.union([ohm, z.literal('open')]) })
  .strict()
  .describe('set the external resistance (snapped to a resistor bank on hardware), or "open" for open circuit')
const setFeedStep = z.object({ kind: z.literal('setFeed'), lPerDay: z.number().min(0).max(L.maxLPerDay) }).strict()
/** The controller is checked against the run controller schema (and the stack) when the procedure is saved. */
const switchControllerStep = z
  .object({ kind: z.literal('switchController'), controller: z.looseObject({ kind: z.enum(controllerKinds) }) })
  .strict()
const waitStep = z.object({ kind: z.literal('wait'), durationS: z.number().positive().max(L.maxWaitS) }).strict()
const polarizationSweepStep = z
  .object({
    kind: z.literal('polarizationSweep'),
    resistorsOhm: z.array(ohm).min(1).max(L.sweepSteps),
    dwellS: z.number().positive().max(L.maxDwellS),
    sampleS: z.number().min(L.minSampleS).max(L.maxDwellS),
    /** The steady value of a step is the mean of the samples in this last fraction of its dwell. */
    steadyFraction: z.number().min(0.05).max(1).default(0.5),
    /** Measure the open-circuit voltage first. */
    ocv: z.boolean().default(true),
  })
  .strict()
  .refine((step) => step.sampleS <= step.dwellS, { message: 'sampleS must not exceed dwellS', path: ['sampleS'] })
const dailyAt = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time of day "HH:MM" (00:00 to 23:59)')
const repeatStep = z
  .object({
    kind: z.literal('repeat'),
    /** Start the steps again this long after the previous pass started. */
    everyS: z.number().min(L.minEveryS).max(L.maxEveryS).optional(),
    /** Or every day at this station-local time (the first pass waits for it too). */
    dailyAt: dailyAt.optional(),
    /** Passes in all; without it the procedure repeats until aborted. */
    times: z.number().int().min(2).max(L.maxTimes).optional(),
  })
  .strict()
  .refine((step) => (step.everyS === undefined) !== (step.dailyAt === undefined), {
    message: 'repeat takes exactly one of everyS or dailyAt',
  })

export const procedureStepSchema = z.discriminatedUnion('kind', [
  setLoadStep,
  setFeedStep,
  switchControllerStep,
  waitStep,
  polarizationSweepStep,
  repeatStep,
])
export type ProcedureStep = z.infer<typeof procedureStepSchema>
export type ProcedureStepInput = z.input<typeof procedureStepSchema>
export type PolarizationSweepStep = Extract<ProcedureStep, { kind: 'polarizationSweep' }>
export type RepeatStep = Extract<ProcedureStep, { kind: 'repeat' }>
export const procedureStepKinds = [
  'setLoad',
  'setFeed',
  'switchController',
  'wait',
  'polarizationSweep',
  'repeat',
] as const

/** What a procedure sends to the stack: `PUT /api/v1/procedures/:id`. */
export const procedureDefinitionSchema = z
  .object({
    name: z.string().trim().min(1).max(L.nameChars),
    description: z.string().max(2000).default(''),
    steps: z.array(procedureStepSchema).min(1).max(L.steps),
    /** What an abort leaves: the stack's safe load, or the load the procedure set last. */
    onAbort: z.enum(['safe', 'last']).default('safe'),
  })
  .strict()
  .superRefine((definition, context) => {
    definition.steps.forEach((step, index) => {
      if (step.kind === 'repeat' && index !== definition.steps.length - 1)
        context.addIssue({ code: 'custom', path: ['steps', index], message: 'repeat must be the last step' })
    })
    if (definition.steps.every((step) => step.kind === 'repeat'))
      context.addIssue({ code: 'custom', path: ['steps'], message: 'a procedure needs a step besides repeat' })
  })
export type ProcedureDefinition = z.infer<typeof procedureDefinitionSchema>
export type ProcedureDefinitionInput = z.input<typeof procedureDefinitionSchema>

export const savedProcedureSchema = procedureDefinitionSchema.and(
  z.object({ id: procedureIdSchema, updatedAtMs: z.number(), updatedBy: z.string() }),
)
export type SavedProcedure = ProcedureDefinition & { id: string; updatedAtMs: number; updatedBy: string }
export const procedureListSchema = z.object({ procedures: z.array(savedProcedureSchema) })

export const procedureRunStates = [
  'idle',
  'running',
  'paused',
  'held',
  'waiting',
  'finished',
  'aborted',
  'failed',
] as const
export type ProcedureRunState = (typeof procedureRunStates)[number]

/** `GET /api/v1/procedures/run`: the procedure driving the stack, or the last one (state idle when none ran). */
export const procedureProgressSchema = z.object({
  procedureId: z.string().nullable(),
  name: z.string().nullable(),
  state: z.enum(procedureRunStates),
  /** 1-based; 0 before the first step. */
  step: z.number().int().nonnegative(),
  steps: z.number().int().nonnegative(),
  stepName: z.string().nullable(),
  stepTimeLeftS: z.number().nullable(),
  procedureTimeLeftS: z.number().nullable(),
  /** The pass (1-based) of a repeating procedure. */
  pass: z.number().int().nonnegative(),
  /** Why it is paused, held or ended: who paused it, the interlocks that hold it. */
  reason: z.string().nullable(),
  startedBy: z.string().nullable(),
  startedAtMs: z.number().nullable(),
})
export type ProcedureProgress = z.infer<typeof procedureProgressSchema>

export const procedureRunActions = [
  'started',
  'step-started',
  'step-finished',
  'sweep-stored',
  'paused',
  'resumed',
  'held',
  'released',
  'waiting',
  'aborted',
  'finished',
  'failed',
] as const
export type ProcedureRunAction = (typeof procedureRunActions)[number]

/** One point of a polarization sweep: the steady values at one load (null for the open-circuit point). */
export const sweepPointSchema = z.object({
  rExtOhm: z.number().nullable(),
  voltageV: z.number(),
  currentA: z.number(),
  powerW: z.number(),
  cells: z.array(
    z.object({ cell: z.number().int().positive(), voltageV: z.number(), currentA: z.number(), powerW: z.number() }),
  ),
})
export type SweepPoint = z.infer<typeof sweepPointSchema>

export const storedSweepSchema = z.object({
  id: z.number().int().positive(),
  runId: z.string(),
  procedureId: z.string(),
  startedAtMs: z.number(),
  endedAtMs: z.number(),
  points: z.array(sweepPointSchema),
  /** The point of highest stack power (null when no loaded point delivered power). */
  maximumPowerPoint: sweepPointSchema.nullable(),
})
export type StoredSweep = z.infer<typeof storedSweepSchema>
export const runSweepsSchema = z.object({ sweeps: z.array(storedSweepSchema) })
export const runSweepParamsSchema = z.object({ runId: z.string().min(1).max(64), sweepId: z.coerce.number().int() })
