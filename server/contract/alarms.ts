import { z } from 'zod'

/** ISA-18.2 priorities, lowest first. */
export const alarmSeverities = ['low', 'medium', 'high', 'critical'] as const
export type AlarmSeverity = (typeof alarmSeverities)[number]

/**
 * Where an alarm stands (ISA-18.2 states): active and not yet acknowledged, active and acknowledged, or
 * cleared but never acknowledged (it stays on the list until someone has seen it). A normal alarm (cleared
 * and acknowledged) leaves the list.
 */
export const alarmStates = ['active-unacked', 'active-acked', 'cleared-unacked'] as const
export type AlarmState = (typeof alarmStates)[number]

const occurrence = z.object({
  /** Epoch milliseconds. */
  wallTimeMs: z.number(),
  /** The run's process time (simulated seconds, or seconds since a hardware run started). */
  simTimeS: z.number().nullable(),
})

/** One alarm on the active list (`GET /api/v1/alarms`). */
export const alarmSchema = z.object({
  /** Stable per rule and subject: `cell-voltage-reversal:3`, `service:recorder`. */
  id: z.string(),
  ruleId: z.string(),
  severity: z.enum(alarmSeverities),
  state: z.enum(alarmStates),
  /** Cells are numbered from 1; absent for stack, service and certificate alarms. */
  cell: z.number().int().positive().optional(),
  message: z.string(),
  firstRaised: occurrence,
  lastRaised: occurrence,
  /** How often it was raised since it last went back to normal. */
  occurrences: z.number().int().positive(),
  acknowledged: z.object({ by: z.string(), atMs: z.number() }).nullable(),
  shelved: z.object({ by: z.string(), untilMs: z.number(), reason: z.string() }).nullable(),
})
export type Alarm = z.infer<typeof alarmSchema>

export const alarmListSchema = z.object({ alarms: z.array(alarmSchema) })
export type AlarmList = z.infer<typeof alarmListSchema>

export const alarmIdParamsSchema = z.object({ id: z.string().min(1).max(200) })

export const shelveRequestSchema = z.object({
  /** ISA-18.2 shelving is always timed: at most a day, then the alarm returns by itself. */
  minutes: z.number().int().min(1).max(1440),
  reason: z.string().trim().min(1).max(500),
})
export type ShelveRequest = z.infer<typeof shelveRequestSchema>

export const alarmHistoryActions = ['raised', 'cleared', 'acknowledged', 'shelved', 'unshelved'] as const

/** One transition of an alarm, as the history keeps it (`GET /api/v1/alarms/history`). */
export const alarmHistoryEntrySchema = z.object({
  alarmId: z.string(),
  action: z.enum(alarmHistoryActions),
  severity: z.enum(alarmSeverities),
  message: z.string(),
  wallTimeMs: z.number(),
  simTimeS: z.number().nullable(),
  runId: z.string().nullable(),
  /** Who acknowledged, shelved or unshelved; null for what the station did itself. */
  by: z.string().nullable(),
})
export type AlarmHistoryEntry = z.infer<typeof alarmHistoryEntrySchema>

export const alarmHistoryQuerySchema = z.object({
  /** ISO time or epoch milliseconds; default: the last 24 hours. */
  from: z.string().optional(),
  to: z.string().optional(),
  alarmId: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(10_000).default(500),
})

export const alarmHistorySchema = z.object({ entries: z.array(alarmHistoryEntrySchema) })
