/**
 * docs/control.md "Reversal limit": a cell below `thresholdV` makes its circuit's load plus the margin a floor;
 * after `relaxAfterS` in which every cell of the circuit stayed above `relaxAboveV`, the floor steps down by
 * the margin, so a floor learned while a cell was still growing (or once sick) does not hold the controller
 * away from the load the cell bears now. `relaxAfterS` 0 keeps every floor for good.
 */
export type ReversalLimit = { thresholdV: number; marginFraction: number; relaxAfterS: number; relaxAboveV: number }

/** What a circuit's cells showed at one decision: one below the threshold, all above the relax level, or between. */
export type CircuitHealth = 'reversed' | 'healthy' | 'marginal'

/** The health of a circuit from its cells' voltages (absent readings tell nothing and do not count as healthy). */
export function circuitHealth(voltages: readonly (number | null | undefined)[], limit: ReversalLimit): CircuitHealth {
  let healthy = voltages.length > 0
  for (const voltageV of voltages) {
    if (voltageV === null || voltageV === undefined) healthy = false
    else if (voltageV < limit.thresholdV) return 'reversed'
    else if (voltageV < limit.relaxAboveV) healthy = false
  }
  return healthy ? 'healthy' : 'marginal'
}

/** One load's floor over time (`timeS`: simulated seconds on a simulated stack, wall seconds on hardware). */
export function createLearnedFloor(limit: ReversalLimit, bounds: { minOhm: number; maxOhm: number }) {
  let floor = -Infinity
  let healthySinceS: number | undefined
  return {
    /** The circuit's health at `timeS` while its load was `ohm`. */
    observe(timeS: number, health: CircuitHealth, ohm: number | undefined): void {
      if (health === 'reversed') {
        healthySinceS = undefined
        if (ohm !== undefined) floor = Math.max(floor, Math.min(ohm * (1 + limit.marginFraction), bounds.maxOhm))
        return
      }
      if (health === 'marginal' || floor === -Infinity || limit.relaxAfterS === 0) {
        healthySinceS = undefined
        return
      }
      healthySinceS ??= timeS
      if (timeS - healthySinceS < limit.relaxAfterS) return
      healthySinceS = timeS
      const lowered = floor / (1 + limit.marginFraction)
      floor = lowered <= bounds.minOhm ? -Infinity : lowered
    },
    value: (): number => floor,
  }
}

export type LearnedFloor = ReturnType<typeof createLearnedFloor>
