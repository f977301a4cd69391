import type { RunConfig } from './run-config.js'
import { parseRunConfig } from './run-config.js'
import { trainQPolicy } from './control/q-training.js'
import { createRandom } from './random.js'
import { createRun } from './run.js'
import { finish } from './work.js'

/*
 * Engine throughput, shared by `mfc-station sim bench` and bench/sim-bench.ts. Time comes from the
 * injected `now` (performance.now in the callers, or the process's CPU time), so this file stays pure.
 */

export type ThroughputRow = {
  label: string
  cells: number
  simulatedDays: number
  wallMs: number
  realTimeFactor: number
}

type BenchWiring = 'series' | 'parallel' | 'series-parallel'

/** Strings of four cells in series-parallel wiring; the load is 150 ohm per cell in series, divided by the strings in parallel. */
function benchStack(cells: number, wiring: BenchWiring) {
  const perString = wiring === 'series' ? cells : wiring === 'parallel' ? 1 : Math.min(4, cells)
  const strings = cells / perString
  return {
    stack: { cells, wiring, spread: 0.03, ...(wiring === 'series-parallel' ? { cellsPerString: perString } : {}) },
    load: { rExtOhm: (150 * perString) / strings },
  }
}

/** A literature stack of `cells` cells at the default 60 s step, 3 % spread, sensors and metrics on, for `days`. */
export function measureStack(cells: number, wiring: BenchWiring, days: number, now: () => number): ThroughputRow {
  const config = parseRunConfig({
    durationS: days * 86_400,
    seed: 1,
    ...benchStack(cells, wiring),
    metrics: { optimumPeriodS: 0 },
  })
  const run = createRun(config, createRandom(config.seed))
  const start = now()
  run.advance(config.durationS)
  const wallMs = now() - start
  return {
    label: `${cells} cell${cells > 1 ? 's' : ''} ${wiring}`,
    cells,
    simulatedDays: days,
    wallMs,
    realTimeFactor: (days * 86_400 * 1000) / wallMs,
  }
}

export type SteadyStateRow = { label: string; wallMs: number }

/**
 * Steady-state work on a stack that has run one day: a polarization sweep of `points` points over
 * 1/20 to 20 times the bench load (what
 * `POST /api/v1/simulation/sweep` does on the station's event loop) and one tracking optimum (what a
 * run computes every `optimumPeriodS`). Median of `repeats` to keep one slow run out of the figure.
 */
export function measureSteadyState(
  cells: number,
  wiring: BenchWiring,
  points: number,
  now: () => number,
  repeats = 5,
): SteadyStateRow[] {
  const config = parseRunConfig({
    durationS: 86_400,
    seed: 1,
    ...benchStack(cells, wiring),
    metrics: { optimumPeriodS: 0 },
  })
  const loadOhm = config.load.rExtOhm
  const run = createRun(config, createRandom(config.seed))
  run.advance(config.durationS)
  const median = (task: () => void) => {
    const times = Array.from({ length: repeats }, () => {
      const start = now()
      task()
      return now() - start
    }).sort((a, b) => a - b)
    return times[Math.floor(repeats / 2)] as number
  }
  const name = `${cells} cell${cells > 1 ? 's' : ''} ${wiring}`
  return [
    {
      label: `sweep, ${name}, ${points} points`,
      wallMs: median(() => finish(run.sweepWork({ minOhm: loadOhm / 20, maxOhm: loadOhm * 20, points }))),
    },
    { label: `tracking optimum, ${name}`, wallMs: median(() => run.optimum()) },
  ]
}

/** Q-learning training episodes per wall second on `scenario`. */
export function measureTraining(
  scenario: RunConfig,
  episodes: number,
  now: () => number,
): { episodes: number; wallMs: number; episodesPerS: number } {
  const start = now()
  trainQPolicy({ scenario, episodes, seed: 1 })
  const wallMs = now() - start
  return { episodes, wallMs, episodesPerS: (episodes * 1000) / wallMs }
}

export type BenchResult = {
  stacks: ThroughputRow[]
  steady: SteadyStateRow[]
  training: ReturnType<typeof measureTraining>
  scenarioDays: number
}

/** The standard set: 1, 16 and 64 cells for 30 simulated days (16 in every shared-load wiring), steady-state solves, training. */
export function runBenchmark(scenario: RunConfig, now: () => number): BenchResult {
  const stacks = [
    measureStack(1, 'series', 30, now),
    measureStack(16, 'series', 30, now),
    measureStack(16, 'parallel', 30, now),
    measureStack(16, 'series-parallel', 30, now),
    measureStack(64, 'series', 30, now),
  ]
  const steady = [
    ...measureSteadyState(1, 'series', 40, now),
    ...measureSteadyState(5, 'series', 40, now),
    ...measureSteadyState(16, 'parallel', 40, now),
  ]
  return { stacks, steady, training: measureTraining(scenario, 20, now), scenarioDays: scenario.durationS / 86_400 }
}

/** Markdown table of a benchmark result; `clock` names what `now` measured (wall time, or the process's CPU time). */
export function benchmarkTable(result: BenchResult, clock: 'wall' | 'CPU' = 'wall'): string {
  const format = (value: number) => value.toExponential(2).replace('e+', 'e')
  return [
    `| case | simulated | ${clock} time | simulated s per ${clock} s |`,
    '|---|---|---|---|',
    ...result.stacks.map(
      (row) =>
        `| ${row.label} | ${row.simulatedDays} d | ${row.wallMs.toFixed(0)} ms | ${format(row.realTimeFactor)} |`,
    ),
    `| Q-learning training (${result.scenarioDays} d episodes) | ${result.training.episodes} episodes | ${result.training.wallMs.toFixed(0)} ms | ${result.training.episodesPerS.toFixed(1)} episodes/s |`,
    '',
    `| steady-state solve | ${clock} time |`,
    '|---|---|',
    ...result.steady.map((row) => `| ${row.label} | ${row.wallMs.toFixed(1)} ms |`),
  ].join('\n')
}
