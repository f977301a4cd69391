import type { Registry } from 'prom-client'
import type { RunMetrics, SimulationStatus } from '../contract/simulation.js'
import type { TelemetryFrame, TelemetrySource } from '../contract/stream.js'
import { gauge } from './collectors.js'

export type TelemetryMetricsSources = {
  latest: () => TelemetryFrame | undefined
  /** The telemetry source; the simulation's status and run metrics exist only when it is the simulation. */
  source: TelemetrySource
  simulation?: () => SimulationStatus
  runMetrics?: () => RunMetrics
  identity?: { stack?: string }
}

/** Per-cell and stack telemetry of the newest frame, the run's state and the controller's quality figures. */
export function registerTelemetryMetrics(registry: Registry, sources: TelemetryMetricsSources): void {
  const stack = sources.identity?.stack ?? 'stack1'
  const cellGauges: Array<[string, string, keyof TelemetryFrame['cells'][number]]> = [
    ['mfc_cell_voltage_volts', 'Cell voltage', 'voltageV'],
    ['mfc_cell_current_amperes', 'Cell current', 'currentA'],
    ['mfc_cell_power_watts', 'Cell power (negative when the cell is reversed)', 'powerW'],
    ['mfc_cell_substrate_mg_per_liter', 'Anode substrate concentration', 'substrateMgL'],
    ['mfc_cell_anode_loss_volts', 'Anode concentration and mediator losses', 'anodeLossV'],
  ]
  for (const [name, help, key] of cellGauges) {
    // A value the source does not have is no sample, never a zero.
    gauge(registry, name, help, ['stack', 'cell'], (g) =>
      sources.latest()?.cells.forEach((cell, index) => {
        const value = cell[key]
        if (typeof value === 'number') g.set({ stack, cell: String(index) }, value)
      }),
    )
  }
  const stackGauges: Array<[string, string, (frame: TelemetryFrame) => number | undefined]> = [
    ['mfc_stack_power_watts', 'Stack power', (f) => f.stack.powerW],
    ['mfc_stack_voltage_volts', 'Stack voltage', (f) => f.stack.voltageV],
    ['mfc_stack_current_amperes', 'Stack current', (f) => f.stack.currentA],
    ['mfc_stack_load_ohms', 'External load resistance', (f) => f.stack.loadOhm],
    ['mfc_simulation_time_seconds', 'Simulated time of the current run', (f) => f.simTimeS],
    ['mfc_simulation_frame_sequence', 'Sequence number of the latest frame', (f) => f.seq],
  ]
  for (const [name, help, read] of stackGauges) {
    gauge(registry, name, help, ['stack'], (g) => {
      const frame = sources.latest()
      const value = frame === undefined ? undefined : read(frame)
      if (value !== undefined) g.set({ stack }, value)
    })
  }
  gauge(
    registry,
    'mfc_simulation_running',
    'The run is producing simulated time (1) or not (0)',
    ['state', 'controller'],
    (g) => {
      const status = sources.simulation?.()
      if (status) g.set({ state: status.state, controller: status.controller }, status.state === 'running' ? 1 : 0)
    },
  )
  const controllerGauges: Array<[string, string, keyof RunMetrics]> = [
    [
      'mfc_controller_power_stability_percent',
      'Power stability of the run (100 - coefficient of variation)',
      'powerStabilityPct',
    ],
    [
      'mfc_controller_substrate_in_band_percent',
      'Share of time the substrate stayed within its target band',
      'timeInBandPct',
    ],
    [
      'mfc_controller_tracking_efficiency_percent',
      'Power relative to the maximum power point',
      'trackingEfficiencyPct',
    ],
    ['mfc_run_energy_joules', 'Energy harvested in the run', 'energyJ'],
  ]
  for (const [name, help, key] of controllerGauges) {
    gauge(registry, name, help, [], (g) => {
      const value = sources.runMetrics?.()[key]
      if (typeof value === 'number') g.set(value)
    })
  }

  gauge(registry, 'mfc_telemetry_source', 'Where the runs come from (the labelled source is 1)', ['source'], (g) =>
    g.set({ source: sources.source }, 1),
  )
}
