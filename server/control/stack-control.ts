import type { ActuatorStatus } from '../contract/control.js'
import type { TelemetryFrame, TelemetrySource } from '../contract/stream.js'
import type { ControllerKind } from '../sim/control/controller.js'

/** Who acted: a user's name, `controller:<kind>`, `interlock:<id>`, or `station` (safe state on stop). */
export type Actor = string

/**
 * The control port (docs/control.md "The control port"): what the control module does to a stack, the
 * same for the simulation (whose engine runs the controllers on simulated time) and for hardware (where
 * the control module runs the same controllers on wall-clock periods and writes the actuators).
 */
export type StackControl = {
  readonly source: TelemetrySource
  controllerKind(): ControllerKind
  /** Validated like a run's `controller`; throws an AppError naming the field, changing nothing. */
  setController(input: unknown, by: Actor): ControllerKind
  /** A held controller makes no decisions until it is released (the actuators stay where they are). */
  hold(held: boolean): void
  safeLoad(by: Actor): Promise<void>
  openCircuit(by: Actor): Promise<void>
  stopPump(by: Actor): Promise<void>
  /** Every frame of the stack's source, before interlocks are evaluated on it. */
  onFrame(frame: TelemetryFrame): void
  actuators(): ActuatorStatus[]
  /** Any actuator whose read-back differs from its command beyond tolerance / that failed after its retries. */
  mismatched(): string[]
  failed(): string[]
  reversalFloorOhm(): Record<string, number>
  substrateTargetMgL(): number | null
  setSubstrateTarget(mgL: number, by: Actor): void
  /** Writes one actuator by hand (only under the fixed controller); resolves with the value written. */
  writeActuator(id: string, value: number, by: Actor): Promise<number>
  /** Stops deciding and leaves every actuator in its safe state where the device allows it. */
  close(): Promise<void>
}

/** The alarms module's narrow port: an interlock trip and an actuator mismatch are alarms too. */
export type AlarmPort = {
  raise(alarm: { id: string; ruleId: string; severity: 'low' | 'medium' | 'high' | 'critical'; message: string }): void
  clear(id: string): void
}
