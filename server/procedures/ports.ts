import type { Clock } from '../clock.js'
import type { ProcedureRunAction, SavedProcedure, StoredSweep } from '../contract/procedures.js'
import type { TelemetrySource } from '../contract/stream.js'

/** What a procedure does to the stack (server/procedures/procedure-stack.ts): the control port's writes. */
export type ProcedureStack = {
  /** Resolves with the resistance written (snapped to a bank), null for an open circuit. */
  setLoad(ohm: number | 'open', by: string): Promise<number | null>
  setFeed(lPerDay: number, by: string): Promise<void>
  switchController(controller: unknown, by: string): void
  safeLoad(by: string): Promise<void>
}

export type ProcedureRunnerDeps = {
  procedure: SavedProcedure
  stack: ProcedureStack
  clock: Clock
  source: TelemetrySource
  startedBy: string
  emit(action: ProcedureRunAction, message: string, by: string | null): void
  onSweep(sweep: Omit<StoredSweep, 'id' | 'runId' | 'procedureId'>): void
}
