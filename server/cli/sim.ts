import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { benchmarkTable, runBenchmark } from '../sim/benchmark.js'
import { compareControllers, comparisonTable } from '../sim/compare.js'
import { parseRunConfig, RunConfigError, type RunConfig } from '../sim/run-config.js'
import { qPolicySchema, type QPolicy } from '../sim/control/q-policy.js'
import { trainQPolicy } from '../sim/control/q-training.js'
import { createSimulationEngine, type EngineFrame } from '../sim/engine.js'
import { packageRoot } from '../station/package-info.js'
import { UsageError } from './usage-error.js'

export const simUsage = `Usage: mfc-station sim <command> [options]

Runs the MFC simulation headless. Every command is deterministic from the config's seed.

Commands:
  run --config FILE [--json] [--csv OUT] [--controller fixed|pid|mppt|qlearning] [--policy FILE]
        run a scenario to completion: final state per cell, metrics, optional CSV time series
  sweep [--config FILE] [--s0 MG_L] [--rext MIN:MAX] [--points N] [--json]
        steady-state polarization and power curve, and the maximum power point
        (default: the literature single cell, S0 300 mg/L, 10:2000 ohm, 40 points)
  train --episodes N --out FILE [--seed S] [--config FILE]
        train a tabular Q-learning policy headless (default: the controller benchmark scenario)
  compare [--config FILE] [--policy FILE | --episodes N --seed S] [--json]
        the four controllers on one scenario (default: the controller benchmark), as a markdown table
  bench [--json]
        engine throughput: simulated seconds per wall second for 1, 16 and 64 cells; training episodes/s`

export type SimIo = {
  stdout(line: string): void
  stderr(line: string): void
  readFile(path: string): Promise<string>
  writeFile(path: string, data: string): Promise<void>
  /** Wall clock for `bench` (performance.now). */
  now?: () => number
}

/** The controller benchmark scenario shipped in resources/. */
export const benchmarkScenarioPath = join(packageRoot(), 'resources', 'scenarios', 'controller-benchmark.json')

function parse(argv: string[], options: NonNullable<Parameters<typeof parseArgs>[0]>['options']) {
  try {
    return parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: { ...options, help: { type: 'boolean', short: 'h' } },
    }).values as Record<string, string | boolean | undefined>
  } catch (error) {
    throw new UsageError((error as Error).message.split('\n')[0] ?? String(error))
  }
}

function numberFlag(
  values: Record<string, unknown>,
  flag: string,
  check: (n: number) => boolean,
  expectation: string,
): number | undefined {
  const raw = values[flag]
  if (raw === undefined) return undefined
  const value = Number(raw)
  if (typeof raw !== 'string' || raw.trim() === '' || !Number.isFinite(value) || !check(value))
    throw new UsageError(
      `--${flag} expects ${expectation}, got "${typeof raw === 'string' ? raw : JSON.stringify(raw)}"`,
    )
  return value
}

async function readJson(io: SimIo, path: string, what: string): Promise<unknown> {
  let text: string
  try {
    text = await io.readFile(path)
  } catch (error) {
    throw new UsageError(
      `cannot read ${what} ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    )
  }
  try {
    return JSON.parse(text)
  } catch {
    throw new UsageError(`${what} ${path} is not valid JSON`)
  }
}

async function loadScenario(io: SimIo, path: string): Promise<RunConfig> {
  return parseRunConfig(await readJson(io, path, 'config'))
}

async function loadPolicy(io: SimIo, path: string): Promise<QPolicy> {
  const result = qPolicySchema.safeParse(await readJson(io, path, 'policy'))
  if (!result.success) {
    const issue = result.error.issues[0]
    throw new UsageError(
      `policy ${path}: ${issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'invalid'}`,
    )
  }
  return result.data
}

const csvHeader = (cells: number) =>
  [
    'timeS',
    'stackVoltageV',
    'stackCurrentA',
    'stackPowerW',
    'loadOhm',
    'feedLPerDay',
    ...Array.from({ length: cells }, (_, i) => [`v${i}`, `i${i}`, `p${i}`, `s${i}`]).flat(),
  ].join(',')
const csvRow = (f: EngineFrame) =>
  [
    f.simTimeS,
    f.stack.voltageV,
    f.stack.currentA,
    f.stack.powerW,
    f.stack.actuators.loadOhm,
    f.stack.actuators.feedLPerDay,
    ...f.cells.flatMap((c) => [c.voltageV, c.currentA, c.powerW, c.substrateMgL]),
  ].join(',')

async function runCommand(argv: string[], io: SimIo): Promise<number> {
  const values = parse(argv, {
    config: { type: 'string' },
    json: { type: 'boolean' },
    csv: { type: 'string' },
    controller: { type: 'string' },
    policy: { type: 'string' },
  })
  if (values.help) return help(io)
  if (typeof values.config !== 'string') throw new UsageError('sim run needs --config FILE')
  let document = (await readJson(io, values.config, 'config')) as Record<string, unknown>
  const kind = values.controller
  if (kind !== undefined && !['fixed', 'pid', 'mppt', 'qlearning'].includes(String(kind)))
    throw new UsageError(`--controller expects fixed, pid, mppt or qlearning, got "${String(kind)}"`)
  if (kind === 'qlearning' && typeof values.policy !== 'string')
    throw new UsageError('--controller qlearning needs --policy FILE')
  if (kind !== undefined)
    document = {
      ...document,
      controller: kind === 'qlearning' ? { kind, policy: await loadPolicy(io, values.policy as string) } : { kind },
    }
  else if (typeof values.policy === 'string')
    document = { ...document, controller: { kind: 'qlearning', policy: await loadPolicy(io, values.policy) } }
  const engine = createSimulationEngine(document, { now: () => 0 })
  const config = engine.config()
  const rows = values.csv === undefined ? undefined : [csvHeader(config.stack.cells)]
  let frame = engine.snapshot()
  while (engine.status().state !== 'finished') {
    frame = engine.advanceSim(config.outputIntervalS)
    rows?.push(csvRow(frame))
  }
  if (rows && typeof values.csv === 'string') await io.writeFile(values.csv, `${rows.join('\n')}\n`)
  const result = {
    name: config.name,
    seed: config.seed,
    simTimeS: frame.simTimeS,
    controller: frame.controller,
    stack: frame.stack,
    cells: frame.cells,
    metrics: engine.metrics(),
    alarmEvents: engine.alarmEvents(),
  }
  if (values.json) io.stdout(JSON.stringify(result))
  else {
    io.stdout(
      `${config.name}: ${config.stack.cells} cell(s), ${(frame.simTimeS / 86_400).toFixed(2)} d simulated, controller ${frame.controller}`,
    )
    frame.cells.forEach((c, i) =>
      io.stdout(
        `cell ${i}: ${c.voltageV.toFixed(4)} V  ${(c.currentA * 1e3).toFixed(4)} mA  ${(c.powerW * 1e3).toFixed(4)} mW  S ${c.substrateMgL.toFixed(2)} mg/L  x_a ${c.anodophilicMgL.toFixed(1)} mg/L${c.alarms.length > 0 ? `  ALARM ${c.alarms.join(', ')}` : ''}`,
      ),
    )
    io.stdout(
      `stack: ${frame.stack.voltageV.toFixed(4)} V  ${(frame.stack.currentA * 1e3).toFixed(4)} mA  ${(frame.stack.powerW * 1e3).toFixed(4)} mW`,
    )
    for (const [key, value] of Object.entries(result.metrics))
      io.stdout(`${key}: ${value === null ? 'n/a' : Number(value.toPrecision(6))}`)
  }
  return 0
}

async function sweepCommand(argv: string[], io: SimIo): Promise<number> {
  const values = parse(argv, {
    config: { type: 'string' },
    s0: { type: 'string' },
    rext: { type: 'string' },
    points: { type: 'string' },
    json: { type: 'boolean' },
  })
  if (values.help) return help(io)
  const s0 = numberFlag(values, 's0', (n) => n >= 0, 'a substrate concentration in mg/L')
  const points =
    numberFlag(values, 'points', (n) => Number.isInteger(n) && n >= 2 && n <= 1000, 'an integer from 2 to 1000') ?? 40
  const range = typeof values.rext === 'string' ? values.rext : '10:2000'
  const match = /^([0-9.eE+-]+):([0-9.eE+-]+)$/.exec(range)
  const minOhm = Number(match?.[1])
  const maxOhm = Number(match?.[2])
  if (!match || !(minOhm > 0) || !(maxOhm > minOhm))
    throw new UsageError(`--rext expects MIN:MAX in ohm with 0 < MIN < MAX, got "${range}"`)
  const base =
    typeof values.config === 'string' ? ((await readJson(io, values.config, 'config')) as Record<string, unknown>) : {}
  const document = s0 === undefined ? base : (mergeFeed(base, s0) as Record<string, unknown>)
  const sweep = createSimulationEngine(document, { now: () => 0 }).sweep({ minOhm, maxOhm, points })
  if (values.json) io.stdout(JSON.stringify(sweep))
  else {
    io.stdout('R_ext (ohm)  I (mA)  V (V)  P (mW)')
    for (const p of sweep.points)
      io.stdout(
        `${p.rExtOhm.toFixed(2)}  ${(p.currentA * 1e3).toFixed(5)}  ${p.voltageV.toFixed(5)}  ${(p.powerW * 1e3).toFixed(5)}`,
      )
    io.stdout(
      `MPP: ${sweep.mpp.rExtOhm.toFixed(3)} ohm, ${(sweep.mpp.powerW * 1e3).toFixed(6)} mW at ${(sweep.mpp.currentA * 1e3).toFixed(5)} mA, ${sweep.mpp.voltageV.toFixed(5)} V`,
    )
  }
  return 0
}

function mergeFeed(document: Record<string, unknown>, influentMgL: number): unknown {
  const feed = typeof document.feed === 'object' && document.feed !== null ? document.feed : {}
  return { ...document, feed: { ...feed, influentMgL } }
}

async function trainCommand(argv: string[], io: SimIo): Promise<number> {
  const values = parse(argv, {
    episodes: { type: 'string' },
    out: { type: 'string' },
    seed: { type: 'string' },
    config: { type: 'string' },
  })
  if (values.help) return help(io)
  const episodes = numberFlag(
    values,
    'episodes',
    (n) => Number.isInteger(n) && n >= 1 && n <= 1_000_000,
    'a whole number of episodes (1 or more)',
  )
  if (episodes === undefined) throw new UsageError('sim train needs --episodes N')
  if (typeof values.out !== 'string') throw new UsageError('sim train needs --out FILE')
  const seed =
    numberFlag(values, 'seed', (n) => Number.isInteger(n) && n >= 0 && n <= 0xffff_ffff, 'an integer seed') ?? 1
  const scenario = await loadScenario(io, typeof values.config === 'string' ? values.config : benchmarkScenarioPath)
  const report = Math.max(1, Math.floor(episodes / 10))
  const { policy, rewards } = trainQPolicy({
    scenario,
    episodes,
    seed,
    onEpisode: (i, reward) =>
      i % report === 0 || i === episodes - 1
        ? io.stderr(`episode ${i + 1}/${episodes}: reward ${reward.toFixed(1)}`)
        : undefined,
  })
  await io.writeFile(values.out, `${JSON.stringify(policy)}\n`)
  io.stdout(
    `policy written to ${values.out}: ${episodes} episodes on ${scenario.name}, last reward ${rewards.at(-1)?.toFixed(1)}`,
  )
  return 0
}

async function compareCommand(argv: string[], io: SimIo): Promise<number> {
  const values = parse(argv, {
    config: { type: 'string' },
    policy: { type: 'string' },
    episodes: { type: 'string' },
    seed: { type: 'string' },
    json: { type: 'boolean' },
  })
  if (values.help) return help(io)
  const scenario = await loadScenario(io, typeof values.config === 'string' ? values.config : benchmarkScenarioPath)
  const episodes =
    numberFlag(values, 'episodes', (n) => Number.isInteger(n) && n >= 1, 'a whole number of episodes') ?? 300
  const seed =
    numberFlag(values, 'seed', (n) => Number.isInteger(n) && n >= 0 && n <= 0xffff_ffff, 'an integer seed') ?? 1
  const policy =
    typeof values.policy === 'string'
      ? await loadPolicy(io, values.policy)
      : trainQPolicy({ scenario, episodes, seed }).policy
  const rows = compareControllers(scenario, policy)
  io.stdout(
    values.json ? JSON.stringify({ scenario: scenario.name, seed: scenario.seed, rows }) : comparisonTable(rows),
  )
  return 0
}

function help(io: SimIo): number {
  io.stdout(simUsage)
  return 0
}

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
