import type { Fault } from './run-config-parts.js'

/** A fault with its place in the run: when it started and (for timed faults) when it ends. */
export type ActiveFault = { id: number; fault: Fault; startedS: number; endsS: number }

/**
 * The run's faults: the configured schedule plus faults injected at run time. Effects are derived from
 * the active set at every step (level-triggered), so a timed fault undoes itself simply by ending;
 * only biofilm loss is a one-off event, handed to the caller when it starts.
 */
export function createFaultBook(schedule: readonly Fault[]) {
  let nextId = 1
  let pending = schedule.map((fault) => ({ id: nextId++, fault })).sort((a, b) => a.fault.atS - b.fault.atS)
  let active: ActiveFault[] = []
  return {
    /** Starts due faults and ends expired ones at `timeS`; returns the faults that just started. */
    update(timeS: number): Fault[] {
      active = active.filter((entry) => entry.endsS > timeS)
      const started: Fault[] = []
      while (pending.length > 0 && (pending[0] as { fault: Fault }).fault.atS <= timeS) {
        const { id, fault } = pending.shift() as { id: number; fault: Fault }
        const durationS = 'durationS' in fault && fault.durationS !== undefined ? fault.durationS : Infinity
        if (fault.kind !== 'biofilm-loss') active.push({ id, fault, startedS: timeS, endsS: timeS + durationS })
        started.push(fault)
      }
      return started
    },
    /** Schedules a fault now (or at its own atS if that is later); returns its id. */
    inject(fault: Fault, nowS: number): number {
      const id = nextId++
      pending = [...pending, { id, fault: { ...fault, atS: Math.max(fault.atS, nowS) } }].sort(
        (a, b) => a.fault.atS - b.fault.atS,
      )
      return id
    },
    /** Ends an active or pending fault early; false if there is no such fault. */
    clear(id: number): boolean {
      const before = active.length + pending.length
      active = active.filter((entry) => entry.id !== id)
      pending = pending.filter((entry) => entry.id !== id)
      return active.length + pending.length < before
    },
    /** Faults active or waiting to start. */
    count: (): number => active.length + pending.length,
    active: (): readonly ActiveFault[] => active,
    activeFaults: (): Fault[] => active.map((entry) => entry.fault),
    /** The next time something starts or ends, for aligning integration steps with fault edges. */
    nextEdgeS(afterS: number): number {
      let next = Infinity
      for (const entry of active) if (entry.endsS > afterS) next = Math.min(next, entry.endsS)
      const first = pending[0]
      if (first) next = Math.min(next, Math.max(first.fault.atS, afterS))
      return next
    },
  }
}

export type FaultBook = ReturnType<typeof createFaultBook>

/** Whether an active fault of `kind` covers `cell` (a fault without a cell covers every cell). */
export function affects(active: readonly Fault[], kind: Fault['kind'], cell: number): boolean {
  return active.some(
    (fault) => fault.kind === kind && (!('cell' in fault) || fault.cell === undefined || fault.cell === cell),
  )
}
