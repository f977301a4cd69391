import { z } from 'zod'

/*
 * Actuators in the `instruments` section (docs/control.md "Actuators"): what the station writes to a
 * device, in the device's own address terms (checked against the protocol when the map is compiled).
 */

const deviceId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'a device id')
const ohm = z.number().positive().max(1e9)

const writeTarget = {
  device: deviceId,
  /** Where the value is written: `holding:100:uint16`, `coil:3`, `cmd:R {value}` (serial), `SOUR:RES {value}` (SCPI). */
  address: z.string().min(1).max(500),
  /**
   * Where it is read back: the written address itself by default on Modbus, another address, or false
   * where the device cannot tell (a serial command).
   */
  readBack: z.union([z.string().min(1).max(500), z.literal(false)]).optional(),
  /** Written raw = value x scale (a register holding tens of ohm has 0.1). */
  scale: z.number().positive().finite().default(1),
  /** A read-back further from the commanded value than this fraction raises the mismatch alarm. */
  tolerance: z.number().min(0).max(1).default(0.02),
}

/** External resistance: a digital potentiometer, an electronic load, or a resistor bank (`values`). */
export const resistanceActuatorSchema = z
  .object({
    ...writeTarget,
    minOhm: ohm,
    maxOhm: ohm,
    /** Written on stop, crash recovery and interlock trips. */
    safeOhm: ohm,
    /** A resistor bank's available values: controllers snap to the nearest and perturb along them. */
    values: z.array(ohm).min(2).max(256).optional(),
  })
  .strict()
  .refine((a) => a.minOhm < a.maxOhm, { message: 'minOhm must be below maxOhm', path: ['minOhm'] })
  .refine((a) => a.safeOhm >= a.minOhm && a.safeOhm <= a.maxOhm, {
    message: 'safeOhm must lie within minOhm..maxOhm',
    path: ['safeOhm'],
  })
  .refine((a) => !a.values || a.values.every((v) => v >= a.minOhm && v <= a.maxOhm), {
    message: 'every value must lie within minOhm..maxOhm',
    path: ['values'],
  })
export type ResistanceActuatorConfig = z.infer<typeof resistanceActuatorSchema>

/** The feed pump: a rate in L/day (a register) or on/off (a coil, written 1/0). */
export const pumpActuatorSchema = z
  .object({
    ...writeTarget,
    mode: z.enum(['rate', 'on-off']).default('rate'),
    minLPerDay: z.number().min(0).max(1e6).default(0),
    maxLPerDay: z.number().positive().max(1e6),
    /** Written on stop and by a stop-pump interlock action. */
    safeLPerDay: z.number().min(0).max(1e6).default(0),
  })
  .strict()
  .refine((p) => p.minLPerDay < p.maxLPerDay, { message: 'minLPerDay must be below maxLPerDay', path: ['minLPerDay'] })
export type PumpActuatorConfig = z.infer<typeof pumpActuatorSchema>

/** Load disconnect (open circuit) as its own output: a coil or register written 1 connected, 0 open. */
export const disconnectActuatorSchema = z.object({ ...writeTarget }).strict()
export type DisconnectActuatorConfig = z.infer<typeof disconnectActuatorSchema>
