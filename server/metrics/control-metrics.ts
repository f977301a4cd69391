import { Gauge, type Registry } from 'prom-client'
import type { ControlStatus } from '../contract/control.js'

/**
 * Interlocks and actuators (docs/control.md "Prometheus"), labelled by their configured ids (bounded by the
 * configuration), read from the control status at scrape time.
 */
export function registerControlMetrics(registry: Registry, status: () => ControlStatus): void {
  const gauge = (name: string, help: string, labelNames: string[], fill: (set: Gauge['set']) => void) =>
    new Gauge({
      ...{ name, help, labelNames, registers: [registry] },
      collect() {
        this.reset()
        fill(this.set.bind(this))
      },
    })
  gauge(
    'mfc_interlock_tripped',
    'The interlock is tripped (1), waiting for an acknowledgement (0.5) or armed (0)',
    ['interlock'],
    (set) => {
      for (const entry of status().interlocks)
        set({ interlock: entry.id }, entry.state === 'tripped' ? 1 : entry.state === 'awaiting-acknowledge' ? 0.5 : 0)
    },
  )
  gauge('mfc_interlock_trips', 'Times the interlock tripped since the station started', ['interlock'], (set) => {
    for (const entry of status().interlocks) set({ interlock: entry.id }, entry.trips)
  })
  gauge('mfc_controller_held', 'The controller is held by an interlock (1) or deciding (0)', [], (set) => {
    set(status().controller.held ? 1 : 0)
  })
  gauge('mfc_actuator_failed', 'The actuator failed after its retries (1) or writes (0)', ['actuator'], (set) => {
    for (const actuator of status().actuators) set({ actuator: actuator.id }, actuator.state === 'failed' ? 1 : 0)
  })
  gauge('mfc_actuator_commanded', 'The value last written, in the actuator unit', ['actuator'], (set) => {
    for (const a of status().actuators) if (a.commanded !== null) set({ actuator: a.id }, a.commanded)
  })
  gauge('mfc_actuator_measured', 'The value read back, in the actuator unit', ['actuator'], (set) => {
    for (const a of status().actuators) if (a.measured !== null) set({ actuator: a.id }, a.measured)
  })
}
