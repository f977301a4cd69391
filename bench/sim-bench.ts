/**
 * Simulation engine throughput: simulated seconds per wall second for 1, 16 and 64 cells over 30
 * simulated days (16 cells in series, parallel and series-parallel wiring), steady-state sweep and
 * optimum solves, and Q-learning training episodes per second. Prints markdown tables.
 * Reproduce: npx tsc -b && node dist/bench/sim-bench.js   (or: mfc-station sim bench)
 * With --cpu the times are the process's CPU time (user + system), which a busy shared host does not
 * inflate the way it inflates wall time.
 */
import { readFileSync } from 'node:fs'
import { performance } from 'node:perf_hooks'
import { benchmarkTable, runBenchmark } from '../server/sim/benchmark.js'
import { parseRunConfig } from '../server/sim/run-config.js'

// The scenario `mfc-station sim bench` uses; this file runs as dist/bench/sim-bench.js, two levels below the package.
const scenarioUrl = new URL('../../resources/scenarios/controller-benchmark.json', import.meta.url)
const scenario = parseRunConfig(JSON.parse(readFileSync(scenarioUrl, 'utf8')))
const cpu = process.argv.includes('--cpu')
const cpuMs = () => {
  const usage = process.cpuUsage()
  return (usage.user + usage.system) / 1000
}
const result = runBenchmark(scenario, cpu ? cpuMs : () => performance.now())
const targets = result.stacks.filter((row) => row.cells === 16)
process.stdout.write(
  `${benchmarkTable(result, cpu ? 'CPU' : 'wall')}\n\ncommand: node dist/bench/sim-bench.js${cpu ? ' --cpu' : ''} (node ${process.version})\n`,
)
for (const row of targets)
  process.stdout.write(
    `target: ${row.label}, 30 simulated days in < 1 s on one core -> ${row.wallMs.toFixed(0)} ms (${row.wallMs < 1000 ? 'met' : 'NOT met'})\n`,
  )
