import { setImmediate as yieldToEventLoop } from 'node:timers/promises'
import type { PolarizationSweep, SweepRequest } from '../contract/simulation.js'
import type { SimulationEngine } from '../sim/engine.js'

/** Wall time one slice of a sweep may take before HTTP, the stream and signals get their turn. */
const SWEEP_SLICE_MS = 20

/** A sweep is already running; the caller may retry when it is done. */
export class SweepBusyError extends Error {
  override name = 'SweepBusyError'
  constructor() {
    super('a polarization sweep is already running')
  }
}

/**
 * Polarization sweeps in slices of SWEEP_SLICE_MS with the event loop served in between (a 512-cell series
 * sweep is a minute of CPU); one at a time, a second one is refused while the first runs.
 */
export function createSweepRunner(engine: Pick<SimulationEngine, 'startSweep'>) {
  let sweeping = false
  return async (request: SweepRequest): Promise<PolarizationSweep> => {
    if (sweeping) throw new SweepBusyError()
    const job = engine.startSweep(request)
    sweeping = true
    try {
      for (;;) {
        const result = job.run(SWEEP_SLICE_MS)
        if (result) return result
        await yieldToEventLoop()
      }
    } finally {
      sweeping = false
    }
  }
}
