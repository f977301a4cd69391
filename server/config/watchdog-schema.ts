import { z } from 'zod'

/**
 * A device's watchdog register (docs/control.md "Device watchdog"): the station writes a heartbeat there
 * every periodMs, so a device with its own timeout falls back to its safe state when the station dies.
 * `counter` writes 0, 1, 2 ... wrapping at `modulo`; `toggle` writes 0 and 1 in turn; `value` writes
 * `value` every time (a device that re-arms on any write).
 */
export const watchdogSchema = z
  .object({
    /** A write address of the device: Modbus `holding:<n>:<type>` or `coil:<n>`, serial `cmd:...`, SCPI a command. */
    address: z.string().min(1).max(500),
    mode: z.enum(['counter', 'toggle', 'value']).default('counter'),
    value: z.number().finite().default(1),
    modulo: z.number().int().min(2).max(4_294_967_296).default(65_536),
    periodMs: z.number().int().min(100).max(60_000).default(1000),
  })
  .strict()
export type WatchdogConfig = z.infer<typeof watchdogSchema>
