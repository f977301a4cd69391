import { z } from 'zod'
import { controllerConfigSchema } from '../sim/control/controller-config.js'
import { disconnectActuatorSchema, pumpActuatorSchema, resistanceActuatorSchema } from './actuators-schema.js'
import { watchdogSchema } from './watchdog-schema.js'

/*
 * The `instruments` section (docs/instruments.md "Configuration"): devices addressed by URI, and the
 * channel map from device addresses to cell and stack quantities. Address syntax depends on the
 * device's protocol and is checked when the instruments module compiles the map (errors name the path).
 */

const deviceId = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'letters, digits, "_", "." and "-", at most 64, starting alphanumeric')

export const instrumentDeviceSchema = z
  .object({
    id: deviceId,
    /** `modbus-tcp://host:port?unit=1`, `serial:///dev/ttyACM0?baud=115200&format=csv`, `mqtt://host:1883`... */
    uri: z.string().min(1).max(1000),
    /** Poll period of polled devices (Modbus, SCPI). */
    pollMs: z.number().int().min(10).max(3_600_000).default(1000),
    /** One request's timeout; a device that does not answer in time counts a timeout. */
    timeoutMs: z.number().int().min(10).max(60_000).default(1000),
    /** Tries of a failed request before the poll counts as failed. */
    retries: z.number().int().min(0).max(10).default(1),
    /** Silence after which the link is declared dead and reconnected (default: 3 polls or 10 s for pushed data). */
    staleMs: z.number().int().min(100).max(86_400_000).optional(),
    /** Name of the SecretStore entry holding the password (MQTT); never the password itself. */
    passwordSecret: z.string().min(1).max(200).optional(),
    username: z.string().min(1).max(200).optional(),
    /** PEM file of the CA that signed an MQTT broker's certificate (mqtts://). */
    caFile: z.string().min(1).optional(),
    /** SCPI device profile: a file name in resources/instruments/profiles (without .json) or a path. */
    profile: z.string().min(1).optional(),
    /** A heartbeat register the device watches, to fall back to its own safe state when the station dies. */
    watchdog: watchdogSchema.optional(),
  })
  .strict()
export type InstrumentDeviceConfig = z.infer<typeof instrumentDeviceSchema>

/** Two readings of a known reference: the linear map through them replaces scale and offset. */
const twoPointSchema = z
  .tuple([z.tuple([z.number(), z.number()]), z.tuple([z.number(), z.number()])])
  .refine(([a, b]) => a[0] !== b[0], { message: 'the two raw readings must differ' })

export const channelMappingSchema = z
  .object({
    device: deviceId,
    address: z.string().min(1).max(500),
    /** value = raw * scale + offset, in `unit`. */
    scale: z.number().finite().default(1),
    offset: z.number().finite().default(0),
    /** [[raw1, value1], [raw2, value2]]: two-point calibration (instead of scale and offset). */
    calibration: twoPointSchema.optional(),
    /** The unit of the value after calibration; converted to the frame's SI unit. */
    unit: z.string().min(1).max(20).optional(),
    /** Plausible range in `unit`: a value outside is kept and flagged, never a crash. */
    range: z
      .object({ min: z.number(), max: z.number() })
      .strict()
      .refine((r) => r.min < r.max, { message: 'min must be below max' })
      .optional(),
  })
  .strict()
export type ChannelMappingConfig = z.infer<typeof channelMappingSchema>

export const cellMappingSchema = z
  .object({
    /** Numbered from 1, as in the UI, the API and exports. */
    cell: z.number().int().min(1).max(1024),
    voltage: channelMappingSchema.optional(),
    current: channelMappingSchema.optional(),
    /** An anode substrate (COD, acetate) sensor: what PID and Q-learning steer on hardware. */
    substrate: channelMappingSchema.optional(),
    /** The cell's external resistor: with no current channel, current is derived as I = V / R_ext. */
    rExtOhm: z.number().positive().optional(),
    /** The cell's own R_ext actuator (docs/control.md "Actuators"). */
    rExt: resistanceActuatorSchema.optional(),
    /** Projected anode area (cm2) and anode liquid volume (L): the denominators of power density (docs/lab-metrics.md). */
    anodeAreaCm2: z.number().min(0.1).max(1e7).optional(),
    anodeVolumeL: z.number().min(1e-3).max(1e4).optional(),
  })
  .strict()

export const stackMappingSchema = z
  .object({
    voltage: channelMappingSchema.optional(),
    current: channelMappingSchema.optional(),
    temperature: channelMappingSchema.optional(),
    loadOhm: channelMappingSchema.optional(),
    feed: channelMappingSchema.optional(),
    /** The anolyte's pH (docs/instruments.md "Channel map"), for the `ph` interlock (docs/control.md). */
    ph: channelMappingSchema.optional(),
    /** The stack's shared R_ext, the feed pump and the load disconnect (docs/control.md "Actuators"). */
    rExt: resistanceActuatorSchema.optional(),
    pump: pumpActuatorSchema.optional(),
    disconnect: disconnectActuatorSchema.optional(),
  })
  .strict()

export const instrumentsConfigSchema = z
  .object({
    /** Period of the frames a hardware run publishes: the newest fresh value of every channel. */
    frameMs: z.number().int().min(20).max(60_000).default(1000),
    /** The name hardware runs are recorded under. */
    runName: z.string().min(1).max(200).default('hardware'),
    devices: z.array(instrumentDeviceSchema).max(256).default([]),
    cells: z.array(cellMappingSchema).max(1024).default([]),
    stack: stackMappingSchema.prefault({}),
    /** The controller a hardware station starts with, as a simulation run's `controller` (docs/control.md). */
    controller: controllerConfigSchema.default({ kind: 'fixed', periodS: 60 }),
    /** The substrate setpoint PID and Q-learning steer to on hardware (a mapped substrate sensor). */
    substrateTargetMgL: z.number().min(0).max(1e5).default(500),
  })
  .strict()
  .superRefine((config, ctx) => {
    const ids = new Set<string>()
    config.devices.forEach((device, index) => {
      if (ids.has(device.id))
        ctx.addIssue({ code: 'custom', message: `duplicate device id "${device.id}"`, path: ['devices', index, 'id'] })
      ids.add(device.id)
    })
    const numbers = config.cells.map((cell) => cell.cell)
    config.cells.forEach((cell, index) => {
      if (numbers.indexOf(cell.cell) !== index)
        ctx.addIssue({ code: 'custom', message: `cell ${cell.cell} is mapped twice`, path: ['cells', index, 'cell'] })
      else if (cell.cell > config.cells.length)
        ctx.addIssue({
          code: 'custom',
          message: `cells are numbered 1..${config.cells.length} without gaps`,
          path: ['cells', index, 'cell'],
        })
    })
    const check = (mapping: { device: string } | undefined, path: (string | number)[]) => {
      if (mapping && !ids.has(mapping.device))
        ctx.addIssue({
          code: 'custom',
          message: `no device "${mapping.device}" in instruments.devices`,
          path: [...path, 'device'],
        })
    }
    config.cells.forEach((cell, index) => {
      check(cell.voltage, ['cells', index, 'voltage'])
      check(cell.current, ['cells', index, 'current'])
      check(cell.substrate, ['cells', index, 'substrate'])
      check(cell.rExt, ['cells', index, 'rExt'])
    })
    for (const [key, mapping] of Object.entries(config.stack)) check(mapping, ['stack', key])
  })
export type InstrumentsConfig = z.infer<typeof instrumentsConfigSchema>
