/** Alarms a cell can raise; each has a raise threshold and a clear threshold (hysteresis, no chatter). */
export type CellAlarm = 'voltage-reversal' | 'substrate-depleted'

export type AlarmEvent = { timeS: number; cell: number; alarm: CellAlarm; raised: boolean }

/** Keep the newest events only: a long run with a flapping fault must not grow without bound. */
const MAX_EVENTS = 500

const rules: ReadonlyArray<{
  alarm: CellAlarm
  raise: (v: number, s: number) => boolean
  clear: (v: number, s: number) => boolean
}> = [
  // Reversal: the cell is driven below 0 V by its neighbours; cleared once it sources 1 mV again.
  { alarm: 'voltage-reversal', raise: (v) => v < 0, clear: (v) => v > 0.001 },
  // Depleted anode: below 1 mg/L the anodophiles stop; cleared at 2 mg/L.
  { alarm: 'substrate-depleted', raise: (_v, s) => s < 1, clear: (_v, s) => s > 2 },
]

/** Tracks which alarms are active per cell and records raise/clear events. */
export function createAlarms(cells: number) {
  const active = Array.from({ length: cells }, () => new Set<CellAlarm>())
  const events: AlarmEvent[] = []
  return {
    update(timeS: number, voltageV: Float64Array, substrateMgL: Float64Array): void {
      for (let cell = 0; cell < cells; cell += 1) {
        const v = voltageV[cell] as number
        const s = substrateMgL[cell] as number
        const set = active[cell] as Set<CellAlarm>
        for (const rule of rules) {
          const on = set.has(rule.alarm)
          if (!on && rule.raise(v, s)) set.add(rule.alarm)
          else if (on && rule.clear(v, s)) set.delete(rule.alarm)
          else continue
          events.push({ timeS, cell, alarm: rule.alarm, raised: !on })
          if (events.length > MAX_EVENTS) events.shift()
        }
      }
    },
    of: (cell: number): CellAlarm[] => [...(active[cell] ?? [])],
    events: (): readonly AlarmEvent[] => events,
  }
}

export type Alarms = ReturnType<typeof createAlarms>
