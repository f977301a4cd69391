import { z } from 'zod'
import { controllerKinds } from './simulation.js'
import { interlockStates, telemetrySources } from './stream.js'

/* Wire shapes of `/api/v1/stack` (docs/control.md): actuators, the controller, interlocks. */

/** One interlock: armed (watching), tripped (acting), or cleared and waiting for an operator to acknowledge. */
export const interlockStatusSchema = z.object({
  id: z.string(),
  state: z.enum(interlockStates),
  message: z.string(),
  actions: z.array(z.string()),
  resume: z.enum(['auto', 'acknowledge']),
  /** What tripped it this time (`cell 3 voltageV = -0.12`); null while armed. */
  cause: z.string().nullable(),
  /** Epoch ms of the current state's start. */
  sinceMs: z.number(),
  trips: z.number().int().nonnegative(),
  acknowledgedBy: z.string().nullable(),
  acknowledgedAtMs: z.number().nullable(),
})
export type InterlockStatus = z.infer<typeof interlockStatusSchema>

export const actuatorStatusSchema = z.object({
  id: z.string(),
  kind: z.enum(['resistance', 'pump', 'disconnect']),
  device: z.string(),
  address: z.string(),
  cell: z.number().int().positive().nullable(),
  unit: z.enum(['ohm', 'L/day', 'on/off']),
  min: z.number().nullable(),
  max: z.number().nullable(),
  safe: z.number().nullable(),
  /** A resistor bank's values; null for a continuous actuator. */
  values: z.array(z.number()).nullable(),
  commanded: z.number().nullable(),
  measured: z.number().nullable(),
  mismatch: z.boolean(),
  state: z.enum(['ok', 'retrying', 'failed']),
  writes: z.number().int().nonnegative(),
  failures: z.number().int().nonnegative(),
  lastError: z.string().nullable(),
})
export type ActuatorStatus = z.infer<typeof actuatorStatusSchema>

export const controlStatusSchema = z.object({
  source: z.enum(telemetrySources),
  controller: z.object({
    kind: z.enum(controllerKinds),
    /** Held by a tripped interlock: no decisions until it is released. */
    held: z.boolean(),
    heldBy: z.array(z.string()),
  }),
  /** The reversal-aware lower limit per R_ext actuator (ohm); absent until a cell came close to reversing. */
  reversalFloorOhm: z.record(z.string(), z.number()),
  substrateTargetMgL: z.number().nullable(),
  actuators: z.array(actuatorStatusSchema),
  interlocks: z.array(interlockStatusSchema),
})
export type ControlStatus = z.infer<typeof controlStatusSchema>

export const actuatorWriteRequestSchema = z.object({ value: z.number().finite() }).strict()
export const setpointRequestSchema = z.object({ substrateTargetMgL: z.number().min(0).max(1e5) }).strict()
/** A manual write: the value asked for and the one written after clamping to the range and snapping to a step. */
export const actuatorWriteResultSchema = z.object({ id: z.string(), requested: z.number(), written: z.number() })
export type ActuatorWriteResult = z.infer<typeof actuatorWriteResultSchema>
export const controlIdParamsSchema = z.object({ id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/) })
