import { z } from 'zod'
import { alarmSeverities } from '../contract/alarms.js'
import { cellChannels, stackChannels } from './alarms-schema.js'

/*
 * The `control` section (docs/control.md "Interlocks"): rules evaluated on every frame of either source,
 * what a trip does, how it resumes, and the reversal-aware lower limit on R_ext.
 */

const seconds = z
  .number()
  .min(0)
  .max(86_400 * 30)

/** A measured value beyond a threshold for longer than a delay, with a deadband to clear (as alarm rules). */
const limitCondition = z
  .object({
    kind: z.literal('limit'),
    subject: z.enum(['cell', 'stack']),
    channel: z.enum([...new Set([...cellChannels, ...stackChannels])] as [string, ...string[]]),
    when: z.enum(['below', 'above']),
    threshold: z.number().finite(),
    deadband: z.number().min(0).finite().default(0),
    onDelayS: seconds.default(0),
    offDelayS: seconds.default(0),
  })
  .strict()
  .superRefine((rule, ctx) => {
    const allowed: readonly string[] = rule.subject === 'cell' ? cellChannels : stackChannels
    if (!allowed.includes(rule.channel))
      ctx.addIssue({ code: 'custom', path: ['channel'], message: `a ${rule.subject} has ${allowed.join(', ')}` })
  })

/** A mapped cell voltage absent from the frames (device offline, reading stale) for longer than afterS. */
const staleCondition = z.object({ kind: z.literal('stale'), afterS: seconds.default(10) }).strict()

/** An actuator's read-back differs from its commanded value beyond its tolerance for longer than onDelayS. */
const mismatchCondition = z.object({ kind: z.literal('read-back-mismatch'), onDelayS: seconds.default(0) }).strict()

/**
 * The stack's pH outside [min, max] for longer than onDelayS; back inside by the deadband for offDelayS to
 * clear (docs/control.md "pH"). Hardware only: the model has no pH, so a rule guarding the simulation is refused.
 */
const phCondition = z
  .object({
    kind: z.literal('ph'),
    min: z.number().min(0).max(14).default(6),
    max: z.number().min(0).max(14).default(8.5),
    deadband: z.number().min(0).max(2).default(0.1),
    onDelayS: seconds.default(0),
    offDelayS: seconds.default(0),
  })
  .strict()
  .refine((rule) => rule.min < rule.max, { message: 'min must be below max', path: ['min'] })

/** An actuator whose writes failed after every retry. */
const failedCondition = z.object({ kind: z.literal('actuator-failed') }).strict()

export const interlockActions = ['hold-controller', 'safe-load', 'open-circuit', 'stop-pump', 'alarm'] as const

export const interlockSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lower-case letters, digits and dashes'),
    condition: z.discriminatedUnion('kind', [
      limitCondition,
      staleCondition,
      mismatchCondition,
      failedCondition,
      phCondition,
    ]),
    actions: z.array(z.enum(interlockActions)).min(1).max(5),
    /** `auto`: released once the condition has cleared (deadband, off delay); `acknowledge`: and an operator acknowledged. */
    resume: z.enum(['auto', 'acknowledge']).default('auto'),
    /** The sources it guards; both by default. */
    sources: z
      .array(z.enum(['simulation', 'hardware']))
      .min(1)
      .default(['simulation', 'hardware']),
    severity: z.enum(alarmSeverities).default('high'),
    message: z.string().trim().min(1).max(200),
  })
  .strict()
  .refine((rule) => rule.condition.kind !== 'ph' || !rule.sources.includes('simulation'), {
    message: 'the simulation has no pH: a "ph" rule guards hardware only (sources: ["hardware"])',
    path: ['sources'],
  })
export type InterlockRule = z.infer<typeof interlockSchema>

/**
 * Every station starts with these on hardware (a simulated stack is allowed to reverse unless a rule says
 * otherwise: the model's reversal is something to study). Reversal: 10 s below 0 V; stale: 10 s without
 * a cell voltage; a failed actuator: at once.
 */
export const defaultInterlocks: InterlockRule[] = [
  {
    id: 'cell-reversal',
    condition: {
      kind: 'limit',
      ...{ subject: 'cell', channel: 'voltageV', when: 'below', threshold: 0, deadband: 0.05 },
      ...{ onDelayS: 10, offDelayS: 30 },
    },
    actions: ['hold-controller', 'safe-load', 'alarm'],
    resume: 'auto',
    sources: ['hardware'],
    severity: 'high',
    message: 'cell reversal: controller held, safe load applied',
  },
  {
    id: 'stale-data',
    condition: { kind: 'stale', afterS: 10 },
    actions: ['hold-controller', 'safe-load', 'alarm'],
    resume: 'auto',
    sources: ['hardware'],
    severity: 'high',
    message: 'no current cell voltage: controller held, safe load applied',
  },
  {
    id: 'actuator-failed',
    condition: { kind: 'actuator-failed' },
    actions: ['hold-controller', 'alarm'],
    resume: 'acknowledge',
    sources: ['hardware'],
    severity: 'high',
    message: 'an actuator failed: controller held until acknowledged',
  },
]

export const controlConfigSchema = z
  .object({
    interlocks: z
      .array(interlockSchema)
      .max(100)
      .default(defaultInterlocks)
      .superRefine((rules, ctx) => {
        const seen = new Set<string>()
        rules.forEach((rule, index) => {
          if (seen.has(rule.id)) ctx.addIssue({ code: 'custom', path: [index, 'id'], message: 'ids must be unique' })
          seen.add(rule.id)
        })
      }),
    /**
     * No controller may push R_ext below the value at which a cell starts to reverse: when a cell falls below
     * thresholdV, the R_ext it runs at (plus marginFraction) becomes the floor for every later write.
     */
    reversalLimit: z
      .object({
        enabled: z.boolean().default(true),
        thresholdV: z.number().min(-1).max(2).default(0.05),
        marginFraction: z.number().min(0).max(1).default(0.1),
        /** Seconds (simulated on a simulated stack) of healthy cells after which a floor steps down; 0: never. */
        relaxAfterS: z
          .number()
          .min(0)
          .max(30 * 86_400)
          .default(3600),
        /** Healthy: every cell of the circuit at or above this voltage. */
        relaxAboveV: z.number().min(-1).max(2).default(0.2),
      })
      .strict()
      .refine((limit) => limit.relaxAboveV > limit.thresholdV, {
        message: 'relaxAboveV must be above thresholdV',
        path: ['relaxAboveV'],
      })
      .prefault({}),
    /** The load a `safe-load` action sets on a simulated stack (hardware uses each actuator's safeOhm). */
    simulationSafeOhm: z.number().positive().max(1e9).default(5000),
    /** Write retries before an actuator is marked failed, and the first backoff (doubling). */
    writeRetries: z.number().int().min(0).max(10).default(3),
    retryBackoffMs: z.number().int().min(1).max(60_000).default(200),
  })
  .strict()
export type ControlConfig = z.infer<typeof controlConfigSchema>
