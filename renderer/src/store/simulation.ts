import { create } from 'zustand'
import type { RunConfigView } from '../../../server/contract/run-config-view'
import type { PolarizationSweep, SimulationStatus, SweepRequest } from '../../../server/contract/simulation'
import { describeError, needsReauth } from '../api/http-client'
import type { ControllerRequest, FaultRequest, RunCommand, SimulationApi } from '../api/simulation-api'
import type { LogKind } from './event-log'

/** What a change ended as: shown next to the form that made it. */
export type Outcome = { ok: true } | { ok: false; reason: string }

export type SimulationState = {
  status: SimulationStatus | undefined
  config: RunConfigView | undefined
  sweep: PolarizationSweep | undefined
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
  runSweep(request: Partial<SweepRequest>): Promise<Outcome>
}

export type SimulationDeps = {
  api: SimulationApi
  log: (kind: LogKind, text: string) => void
  /** Asks the user to confirm their password; false when they cancel. */
  reauthenticate?: () => Promise<boolean>
}

/** The run's status and configuration, and every change to them: each logged as accepted or refused (with the station's reason). */
export function createSimulationStore({ api, log, reauthenticate }: SimulationDeps) {
  return create<SimulationState>((set, get) => {
    /** Runs one change: one at a time, logged either way, then re-reads what it may have changed. */
    async function perform(label: string, call: () => Promise<unknown>, describe: (result: unknown) => string = () => label): Promise<Outcome> {
      if (get().pending) return { ok: false, reason: `wait for "${get().pending}" to finish` }
      set({ pending: label })
      try {
        // Hazardous changes (stop, reset, faults) want a fresh password entry: ask once, then retry.
        const result = await call().catch(async (error: unknown) => {
          if (needsReauth(error) && reauthenticate && (await reauthenticate())) return call()
          throw error
        })
        log('change', describe(result))
        return { ok: true }
      } catch (error) {
        const reason = describeError(error)
        log('rejected', `${label} refused: ${reason}`)
        return { ok: false, reason }
      } finally {
        set({ pending: undefined })
        await get().refresh()
      }
    }

    return {
      status: undefined,
      config: undefined,
      sweep: undefined,
      pending: undefined,
      readError: undefined,
      async refresh() {
        try {
          const [status, config] = await Promise.all([api.status(), api.config()])
          set({ status, config, readError: undefined })
        } catch (error) {
          set({ readError: describeError(error) })
        }
      },
      command: (command) => perform(`${command[0]!.toUpperCase()}${command.slice(1)} run`, () => api.command(command)),
      setSpeed: (speed, outputHz) =>
        perform(`Speed ${speed === 'max' ? 'max' : `${speed}x`}${outputHz ? `, ${outputHz} Hz` : ''}`, () => api.setSpeed({ speed, ...(outputHz ? { outputHz } : {}) })),
      setController: (controller) => perform(`Controller ${controller.kind}`, () => api.setController(controller)),
      configure: (label, patch) =>
        perform(label, () => api.configure(patch), (result) => ((result as { restartRequired: boolean }).restartRequired ? `${label} (applies after reset)` : label)),
      injectFault: (fault) => perform(`Inject ${fault.kind}`, () => api.injectFault(fault), (id) => `Inject ${fault.kind}: fault #${String(id)}`),
      clearFault: (id) => perform(`Clear fault #${id}`, () => api.clearFault(id)),
      runSweep: (request) =>
        perform(`Sweep ${request.minOhm ?? ''}..${request.maxOhm ?? ''} Ω`, async () => {
          const sweep = await api.sweep(request)
          set({ sweep })
          return sweep
        }),
    }
  })
}
