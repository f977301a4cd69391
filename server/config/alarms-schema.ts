import { z } from 'zod'
import { alarmSeverities } from '../contract/alarms.js'

/** Values an alarm rule may watch, per subject (the names of the telemetry frame's fields). */
export const cellChannels = ['voltageV', 'currentA', 'powerW', 'substrateMgL', 'anodeLossV', 'internalOhm'] as const
export const stackChannels = ['voltageV', 'currentA', 'powerW', 'loadOhm', 'feedLPerDay', 'temperatureK'] as const

const ruleSchema = z
  .object({
    /** Stable name, part of each alarm's id (`<rule>:<cell>`) and of its history. */
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lower-case letters, digits and dashes'),
    subject: z.enum(['cell', 'stack']),
    channel: z.enum([...new Set([...cellChannels, ...stackChannels])] as [string, ...string[]]),
    when: z.enum(['below', 'above']),
    threshold: z.number().finite(),
    /** Hysteresis in the channel's unit: the value must come back past the threshold by this much to clear. */
    deadband: z.number().min(0).finite().default(0),
    /** Process seconds (simulated time, or real time on hardware) the condition must hold to raise. */
    onDelayS: z
      .number()
      .min(0)
      .max(86_400 * 30)
      .default(0),
    /** Process seconds the value must stay back inside the deadband to clear. */
    offDelayS: z
      .number()
      .min(0)
      .max(86_400 * 30)
      .default(0),
    severity: z.enum(alarmSeverities).default('medium'),
    message: z.string().trim().min(1).max(200),
  })
  .strict()
  .superRefine((rule, ctx) => {
    const allowed: readonly string[] = rule.subject === 'cell' ? cellChannels : stackChannels
    if (!allowed.includes(rule.channel))
      ctx.addIssue({ code: 'custom', path: ['channel'], message: `a ${rule.subject} has ${allowed.join(', ')}` })
  })

export type AlarmRule = z.infer<typeof ruleSchema>

/**
 * The rules every station starts with. Reversal: a weak series cell driven below 0 V is the most common way
 * an MFC stack dies; the deadband and delays keep a cell hovering at 0 V from flooding the log (ISA-18.2).
 * Depleted anode: below 1 mg/L the anodophiles stop.
 */
export const defaultAlarmRules: AlarmRule[] = [
  {
    id: 'cell-voltage-reversal',
    subject: 'cell',
    channel: 'voltageV',
    when: 'below',
    threshold: 0,
    deadband: 0.02,
    onDelayS: 60,
    offDelayS: 600,
    severity: 'high',
    message: 'voltage reversal: the cell is driven below 0 V',
  },
  {
    id: 'cell-substrate-depleted',
    subject: 'cell',
    channel: 'substrateMgL',
    when: 'below',
    threshold: 1,
    deadband: 1,
    onDelayS: 600,
    offDelayS: 1800,
    severity: 'medium',
    message: 'substrate depleted: below 1 mg/L the anodophiles stop',
  },
]

/** Alarm rules (config key `alarms`, docs/operations.md "Alarms"); `rules` replaces the defaults. */
export const alarmsConfigSchema = z
  .object({
    rules: z
      .array(ruleSchema)
      .max(100)
      .default(defaultAlarmRules)
      .superRefine((rules, ctx) => {
        const seen = new Set<string>()
        rules.forEach((rule, index) => {
          if (seen.has(rule.id)) ctx.addIssue({ code: 'custom', path: [index, 'id'], message: 'ids must be unique' })
          seen.add(rule.id)
        })
      }),
  })
  .strict()

export type AlarmsConfig = z.infer<typeof alarmsConfigSchema>
