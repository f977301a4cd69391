/**
 * Simulation engine throughput: simulated seconds per wall second for 1, 16 and 64 cells over 30
 * simulated days, and Q-learning training episodes per second. Prints a markdown table.
 * Reproduce: npx tsc -b && node dist/bench/sim-bench.js   (or: mfc-station sim bench)
 */
import { readFileSync } from 'node:fs'
import { performance } from 'node:perf_hooks'
import { benchmarkScenarioPath } from '../server/cli/sim.js'
import { benchmarkTable, runBenchmark } from '../server/sim/benchmark.js'
import { parseRunConfig } from '../server/sim/config.js'

const scenario = parseRunConfig(JSON.parse(readFileSync(benchmarkScenarioPath, 'utf8')))
const result = runBenchmark(scenario, () => performance.now())
const target = result.stacks.find((row) => row.cells === 16 && row.label.includes('series'))
process.stdout.write(`${benchmarkTable(result)}\n\ncommand: node dist/bench/sim-bench.js (node ${process.version})\n`)
if (target) process.stdout.write(`target: 16-cell stack, 30 simulated days in < 1 s on one core -> ${target.wallMs.toFixed(0)} ms (${target.wallMs < 1000 ? 'met' : 'NOT met'})\n`)
