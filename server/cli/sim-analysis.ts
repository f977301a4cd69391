import { compareControllers, comparisonTable } from '../sim/compare.js'
import { defaultPolicySettings, trainQPolicy } from '../sim/control/q-training.js'
import { createSimulationEngine } from '../sim/engine.js'
import {
  benchmarkScenarioPath,
  help,
  loadPolicy,
  loadScenario,
  numberFlag,
  parse,
  readJson,
  type SimIo,
} from './sim-input.js'
import { UsageError } from './usage-error.js'

/** --episodes: 1 to a million (a policy's training records its episode count, bounded the same). */
const episodesFlag = (values: Record<string, unknown>) =>
  numberFlag(
    values,
    'episodes',
    (n) => Number.isInteger(n) && n >= 1 && n <= 1_000_000,
    'a whole number of episodes from 1 to 1000000',
  )

/** --seed: a 32-bit unsigned integer, like a run config's seed; default 1. */
const seedFlag = (values: Record<string, unknown>) =>
  numberFlag(values, 'seed', (n) => Number.isInteger(n) && n >= 0 && n <= 0xffff_ffff, 'an integer seed') ?? 1

/** `sim sweep`: steady-state polarization and power curve, and the maximum power point. */
export async function sweepCommand(argv: string[], io: SimIo): Promise<number> {
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

/**
 * --load-min-ohm / --load-max-ohm: the R_ext range the policy may move in (default 5..5000 ohm). A series
 * stack needs a floor above the load at which its weakest cell reverses (docs/simulation.md "qlearning").
 */
function loadRange(values: Record<string, unknown>) {
  const ohm = (flag: string) => numberFlag(values, flag, (n) => n > 0 && n <= 1e7, 'a resistance in ohm')
  const loadMinOhm = ohm('load-min-ohm') ?? defaultPolicySettings.loadMinOhm
  const loadMaxOhm = ohm('load-max-ohm') ?? defaultPolicySettings.loadMaxOhm
  if (!(loadMinOhm < loadMaxOhm)) throw new UsageError('--load-min-ohm must be below --load-max-ohm')
  return { ...defaultPolicySettings, loadMinOhm, loadMaxOhm }
}

/** `sim train`: a tabular Q-learning policy, trained headless, written to --out. */
export async function trainCommand(argv: string[], io: SimIo): Promise<number> {
  const values = parse(argv, {
    episodes: { type: 'string' },
    out: { type: 'string' },
    seed: { type: 'string' },
    config: { type: 'string' },
    'load-min-ohm': { type: 'string' },
    'load-max-ohm': { type: 'string' },
  })
  if (values.help) return help(io)
  const episodes = episodesFlag(values)
  if (episodes === undefined) throw new UsageError('sim train needs --episodes N')
  if (typeof values.out !== 'string') throw new UsageError('sim train needs --out FILE')
  const seed = seedFlag(values)
  const scenario = await loadScenario(io, typeof values.config === 'string' ? values.config : benchmarkScenarioPath)
  const report = Math.max(1, Math.floor(episodes / 10))
  const { policy, rewards } = trainQPolicy(
    {
      scenario,
      episodes,
      seed,
      onEpisode: (i, reward) =>
        i % report === 0 || i === episodes - 1
          ? io.stderr(`episode ${i + 1}/${episodes}: reward ${reward.toFixed(1)}`)
          : undefined,
    },
    loadRange(values),
  )
  await io.writeFile(values.out, `${JSON.stringify(policy)}\n`)
  io.stdout(
    `policy written to ${values.out}: ${episodes} episodes on ${scenario.name}, last reward ${rewards.at(-1)?.toFixed(1)}`,
  )
  return 0
}

/** `sim compare`: the four controllers on one scenario, as a markdown table or JSON. */
export async function compareCommand(argv: string[], io: SimIo): Promise<number> {
  const values = parse(argv, {
    config: { type: 'string' },
    policy: { type: 'string' },
    episodes: { type: 'string' },
    seed: { type: 'string' },
    json: { type: 'boolean' },
  })
  if (values.help) return help(io)
  const episodes = episodesFlag(values) ?? 300
  const seed = seedFlag(values)
  const scenario = await loadScenario(io, typeof values.config === 'string' ? values.config : benchmarkScenarioPath)
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
