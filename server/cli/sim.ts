import { benchmarkTable, runBenchmark } from '../sim/benchmark.js'
import { RunConfigError } from '../sim/run-config.js'
import { compareCommand, sweepCommand, trainCommand } from './sim-analysis.js'
import { benchmarkScenarioPath, help, loadScenario, parse, simUsage, type SimIo } from './sim-input.js'
import { runCommand } from './sim-run.js'
import { UsageError } from './usage-error.js'

/** `mfc-station sim ...`: headless simulation commands. Returns the exit code; bad flags throw UsageError. */
export async function simCommand(argv: string[], io: SimIo): Promise<number> {
  try {
    return await dispatch(argv, io)
  } catch (error) {
    // A bad scenario is the operator's input, like a bad flag: one line naming the field, exit 2.
    if (error instanceof RunConfigError) throw new UsageError(error.message)
    throw error
  }
}

async function dispatch(argv: string[], io: SimIo): Promise<number> {
  const [command, ...rest] = argv
  switch (command) {
    case 'run':
      return runCommand(rest, io)
    case 'sweep':
      return sweepCommand(rest, io)
    case 'train':
      return trainCommand(rest, io)
    case 'compare':
      return compareCommand(rest, io)
    case 'bench': {
      const values = parse(rest, { json: { type: 'boolean' } })
      if (values.help) return help(io)
      const result = runBenchmark(await loadScenario(io, benchmarkScenarioPath), io.now ?? (() => performance.now()))
      io.stdout(values.json ? JSON.stringify(result) : `${benchmarkTable(result)}\n\nreproduce: mfc-station sim bench`)
      return 0
    }
    case undefined:
    case '-h':
    case '--help':
    case 'help':
      io.stdout(simUsage)
      return command === undefined ? 2 : 0
    default:
      throw new UsageError(`unknown sim command "${command}" (try: run, sweep, train, compare, bench)`)
  }
}
