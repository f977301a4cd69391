import type { RunConfig } from './config.js'
import type { ControllerConfig } from './control/controller-config.js'
import type { QPolicy } from './control/q-policy.js'
import type { RunMetrics } from './metrics.js'
import { createRandom } from './random.js'
import { createRun } from './run.js'

/** The reference system's claims (MFC_MODEL.md): the numbers to beat. */
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
  const controllers: Array<[string, ControllerConfig]> = [
    ['fixed', { kind: 'fixed', periodS: 60 }],
    ['pid', { kind: 'pid', actuator: 'feed', kp: 0.002, ki: 2e-7, kd: 0, periodS: 300, outputMin: 0.02, outputMax: 1.5 }],
    ['mppt', { kind: 'mppt', scope: 'stack', stepFraction: 0.03, periodS: 300, minOhm: 1, maxOhm: 100_000 }],
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
    ...rows.map(({ controller, metrics: m }) => `| ${controller} | ${pct(m.powerStabilityPct)} | ${pct(m.timeInBandPct)} | ${pct(m.trackingEfficiencyPct)} | ${m.meanPowerW === null ? 'n/a' : `${(m.meanPowerW * 1e3).toFixed(3)} mW`} | ${m.energyJ.toFixed(1)} J | ${pct(m.coulombicEfficiencyPct)} |`),
    `| reference (claimed) | ${REFERENCE.powerStabilityPct} % | >= ${REFERENCE.timeInBandPct} % | - | - | - | - |`,
  ]
  return lines.join('\n')
}
