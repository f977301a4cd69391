import { create } from 'zustand'
import type { RunConfigView } from '../../../server/contract/run-config-view'
import type { PolarizationSweep, SimulationStatus, SweepRequest } from '../../../server/contract/simulation'
import { describeError } from '../api/http-client'
import type { ControlLock } from '../../../server/contract/security'
import type { ControllerRequest, FaultRequest, LockAction, RunCommand, SimulationApi } from '../api/simulation-api'
import { runChange, type ChangeDeps, type Outcome } from './change-runner'
import { faultName } from './names'

export type { Outcome } from './change-runner'

/** A sweep with what produced it, so the page can overlay earlier ones and say what each was. */
export type SweepRecord = {
  id: number
  request: SweepRequest
  result: PolarizationSweep
  atMs: number
  runId: string | undefined
  simTimeS: number | undefined
}
/** Earlier sweeps kept for overlays: enough to compare a morning with an afternoon. */
export const MAX_SWEEPS = 6
let nextSweepId = 1

export type SimulationState = {
  status: SimulationStatus | undefined
  config: RunConfigView | undefined
  /** Sweeps of this page, newest first. */
  sweeps: SweepRecord[]
  /** Who holds exclusive control (stations with access control); writes by anyone else are refused. */
  lock: ControlLock | undefined
  /** Label of the change in flight: its form stays disabled until the station answers. */
  pending: string | undefined
  /** Why the last read failed (station unreachable, refused); cleared by the next good read. */
  readError: string | undefined
  refresh(): Promise<void>
  command(command: RunCommand): Promise<Outcome>
  setSpeed(speed: number | 'max', outputHz?: number): Promise<Outcome>
  setController(controller: ControllerRequest): Promise<Outcome>
  configure(label: string, patch: Record<string, unknown>): Promise<Outcome>
  injectFault(fault: FaultRequest): Promise<Outcome>
  clearFault(id: number): Promise<Outcome>
  runSweep(request: SweepRequest): Promise<Outcome>
  lockAction(action: LockAction): Promise<Outcome>
}

export type SimulationDeps = ChangeDeps & { api: SimulationApi }

/** The station streams an event for these changes; the log shows that one (change-runner.ts). */
const announced = (): undefined => undefined

const lockLabels: Record<LockAction, string> = {
  acquire: 'Take control',
  release: 'Release control',
  request: 'Ask for control',
  break: 'Break the control lock',
}

/** The run's status and configuration, and every change to them: each logged as accepted or refused (with the station's reason). */
export function createSimulationStore(deps: SimulationDeps) {
  const { api } = deps
  return create<SimulationState>((set, get) => {
    /** One change at a time; afterwards re-reads what it may have changed. */
    async function perform<T>(
      label: string,
      call: () => Promise<T>,
      describe?: (result: T) => string | undefined,
    ): Promise<Outcome> {
      if (get().pending) return { ok: false, reason: `wait for "${get().pending}" to finish` }
      set({ pending: label })
      try {
        const { value: _value, ...outcome } = await runChange(deps, label, call, describe)
        return outcome
      } finally {
        set({ pending: undefined })
        await get().refresh()
      }
    }

    return {
      status: undefined,
      config: undefined,
      sweeps: [],
      lock: undefined,
      pending: undefined,
      readError: undefined,
      async refresh() {
        try {
          const [status, config, lock] = await Promise.all([api.status(), api.config(), api.controlLock()])
          set({ status, config, lock, readError: undefined })
        } catch (error) {
          set({ readError: describeError(error) })
        }
      },
      command: (command) =>
        perform(`${command[0]!.toUpperCase()}${command.slice(1)} run`, () => api.command(command), announced),
      setSpeed: (speed, outputHz) =>
        perform(`Speed ${speed === 'max' ? 'max' : `${speed}x`}${outputHz ? `, ${outputHz} Hz` : ''}`, () =>
          api.setSpeed({ speed, ...(outputHz ? { outputHz } : {}) }),
        ),
      setController: (controller) =>
        perform(`Controller ${controller.kind}`, () => api.setController(controller), announced),
      configure: (label, patch) =>
        perform(
          label,
          () => api.configure(patch),
          (result) => (result.restartRequired ? `${label} (applies after reset)` : label),
        ),
      injectFault: (fault) => perform(`Inject ${faultName(fault.kind)}`, () => api.injectFault(fault), announced),
      clearFault: (id) => perform(`Clear fault #${id}`, () => api.clearFault(id), announced),
      lockAction: (action) => perform(lockLabels[action], () => api.lockAction(action)),
      runSweep: (request) =>
        perform(`Sweep ${request.minOhm}..${request.maxOhm} Ω, ${request.points} points`, async () => {
          const result = await api.sweep(request)
          const { status } = get()
          const record = {
            id: nextSweepId++,
            request,
            result,
            atMs: Date.now(),
            runId: status?.runId,
            simTimeS: status?.simTimeS,
          }
          set((state) => ({ sweeps: [record, ...state.sweeps].slice(0, MAX_SWEEPS) }))
          return result
        }),
    }
  })
}
