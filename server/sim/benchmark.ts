import type { RunConfig } from './config.js'
import { parseRunConfig } from './config.js'
import { trainQPolicy } from './control/q-training.js'
import { createRandom } from './random.js'
import { createRun } from './run.js'

/*
 * Engine throughput, shared by `mfc-station sim bench` and bench/sim-bench.ts. Wall time comes from
 * the injected `now` (performance.now in the callers), so this file stays pure.
 */

export type ThroughputRow = { label: string; cells: number; simulatedDays: number; wallMs: number; realTimeFactor: number }

/** A literature stack of `cells` cells at the default 60 s step, 3 % spread, sensors and metrics on, for `days`. */
export function measureStack(cells: number, wiring: 'series' | 'parallel', days: number, now: () => number): ThroughputRow {
  const config = parseRunConfig({ durationS: days * 86_400, seed: 1, stack: { cells, wiring, spread: 0.03 }, load: { rExtOhm: wiring === 'series' ? 150 * cells : 150 / cells }, metrics: { optimumPeriodS: 0 } })
  const run = createRun(config, createRandom(config.seed))
  const start = now()
  run.advance(config.durationS)
  const wallMs = now() - start
  return { label: `${cells} cell${cells > 1 ? 's' : ''} ${wiring}`, cells, simulatedDays: days, wallMs, realTimeFactor: (days * 86_400 * 1000) / wallMs }
}

/** Q-learning training episodes per wall second on `scenario`. */
export function measureTraining(scenario: RunConfig, episodes: number, now: () => number): { episodes: number; wallMs: number; episodesPerS: number } {
  const start = now()
  trainQPolicy({ scenario, episodes, seed: 1 })
  const wallMs = now() - start
  return { episodes, wallMs, episodesPerS: (episodes * 1000) / wallMs }
}

export type BenchResult = { stacks: ThroughputRow[]; training: ReturnType<typeof measureTraining>; scenarioDays: number }

/** The standard set: 1, 16 and 64 cells for 30 simulated days (series, and 16 in parallel), plus training. */
export function runBenchmark(scenario: RunConfig, now: () => number): BenchResult {
  const stacks = [measureStack(1, 'series', 30, now), measureStack(16, 'series', 30, now), measureStack(16, 'parallel', 30, now), measureStack(64, 'series', 30, now)]
  return { stacks, training: measureTraining(scenario, 20, now), scenarioDays: scenario.durationS / 86_400 }
}

/** Markdown table of a benchmark result. */
export function benchmarkTable(result: BenchResult): string {
  const format = (value: number) => value.toExponential(2).replace('e+', 'e')
  return [
    '| case | simulated | wall time | simulated s per wall s |',
    '|---|---|---|---|',
    ...result.stacks.map((row) => `| ${row.label} | ${row.simulatedDays} d | ${row.wallMs.toFixed(0)} ms | ${format(row.realTimeFactor)} |`),
    `| Q-learning training (${result.scenarioDays} d episodes) | ${result.training.episodes} episodes | ${result.training.wallMs.toFixed(0)} ms | ${result.training.episodesPerS.toFixed(1)} episodes/s |`,
  ].join('\n')
}
