import type { RunConfig } from './run-config.js'
import { controllerConfigSchema, type ControllerConfig } from './control/controller-config.js'
import type { QPolicy } from './control/q-policy.js'
import type { RunMetrics } from './run-metrics.js'
import { createRandom } from './random.js'
import { createRun } from './run.js'

/** The reference system's claims (docs/simulation.md "Controller comparison"): the numbers to beat. */
export const REFERENCE = { powerStabilityPct: 97.1, timeInBandPct: 54 } as const

export type ComparisonRow = { controller: string; metrics: RunMetrics }

/** Runs `config` to completion with the given controller instead of its own. */
export function runWith(config: RunConfig, controller: ControllerConfig): RunMetrics {
  const run = createRun({ ...config, controller }, createRandom(config.seed))
  run.advance(config.durationS)
  return run.metrics()
}

/**
 * The four controllers on one scenario, same seed: open loop at the configured load and feed, PID on
 * substrate via feed, perturb-and-observe MPPT on the stack load, and the Q-learning policy.
 */
export function compareControllers(config: RunConfig, policy: QPolicy): ComparisonRow[] {
  // Each controller with its documented defaults (controller-config.ts), nothing tuned per scenario.
  const controllers: Array<[string, ControllerConfig]> = [
    ['fixed', controllerConfigSchema.parse({ kind: 'fixed' })],
    ['pid', controllerConfigSchema.parse({ kind: 'pid' })],
    ['mppt', controllerConfigSchema.parse({ kind: 'mppt' })],
    ['qlearning', { kind: 'qlearning', policy }],
  ]
  return controllers.map(([name, controller]) => ({ controller: name, metrics: runWith(config, controller) }))
}

const pct = (value: number | null) => (value === null ? 'n/a' : `${value.toFixed(1)} %`)

/** The comparison as a markdown table, with the reference's figures as the last row. */
export function comparisonTable(rows: readonly ComparisonRow[]): string {
  const lines = [
    '| controller | power stability | time in +/-2 mM band | MPPT tracking efficiency | mean power | energy | coulombic efficiency |',
    '|---|---|---|---|---|---|---|',
    ...rows.map(
      ({ controller, metrics: m }) =>
        `| ${controller} | ${pct(m.powerStabilityPct)} | ${pct(m.timeInBandPct)} | ${pct(m.trackingEfficiencyPct)} | ${m.meanPowerW === null ? 'n/a' : `${(m.meanPowerW * 1e3).toFixed(3)} mW`} | ${m.energyJ.toFixed(1)} J | ${pct(m.coulombicEfficiencyPct)} |`,
    ),
    `| reference (claimed) | ${REFERENCE.powerStabilityPct} % | >= ${REFERENCE.timeInBandPct} % | - | - | - | - |`,
  ]
  return lines.join('\n')
}
