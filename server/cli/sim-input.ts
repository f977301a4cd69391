import { join } from 'node:path'
import type { ParseArgsConfig } from 'node:util'
import { qPolicySchema, type QPolicy } from '../sim/control/q-policy.js'
import { parseRunConfig, type RunConfig } from '../sim/run-config.js'
import { packageRoot } from '../package-info.js'
import { parseCommandLine, UsageError } from './usage-error.js'

/*
 * What every `mfc-station sim` command shares: its I/O, flag parsing, and reading scenario and policy
 * files, each failure one UsageError line.
 */

export const simUsage = `Usage: mfc-station sim <command> [options]

Runs the MFC simulation headless. Every command is deterministic from the config's seed.

Commands:
  run --config FILE [--json] [--csv OUT] [--controller fixed|pid|mppt|qlearning] [--policy FILE]
        run a scenario to completion: final state per cell, metrics, optional CSV time series
  sweep [--config FILE] [--s0 MG_L] [--rext MIN:MAX] [--points N] [--json]
        steady-state polarization and power curve, and the maximum power point
        (default: the literature single cell, S0 300 mg/L, 10:2000 ohm, 40 points)
  train --episodes N --out FILE [--seed S] [--config FILE] [--load-min-ohm R] [--load-max-ohm R]
        train a tabular Q-learning policy headless (default: the controller benchmark scenario)
  compare [--config FILE] [--policy FILE | --episodes N --seed S] [--json]
        the four controllers on one scenario (default: the controller benchmark), as a markdown table
  bench [--json]
        engine throughput: simulated seconds per wall second for 1, 16 and 64 cells; training episodes/s`

/** The CLI's I/O: output lines, files, and the wall clock for `bench`. */
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

/** The flags of one command (plus --help); an unknown or malformed flag is a UsageError. */
export function parse(argv: string[], options: ParseArgsConfig['options']) {
  return parseCommandLine({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: { ...options, help: { type: 'boolean', short: 'h' } },
  }).values as Record<string, string | boolean | undefined>
}

/** A numeric flag, checked by `check`; absent: undefined. */
export function numberFlag(
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

/** A JSON file; unreadable or malformed, a UsageError naming `what` and the path. */
export async function readJson(io: SimIo, path: string, what: string): Promise<unknown> {
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

/** A scenario file, validated as a run config (RunConfigError names the bad field). */
export async function loadScenario(io: SimIo, path: string): Promise<RunConfig> {
  return parseRunConfig(await readJson(io, path, 'config'))
}

/** A Q-learning policy file, validated. */
export async function loadPolicy(io: SimIo, path: string): Promise<QPolicy> {
  const result = qPolicySchema.safeParse(await readJson(io, path, 'policy'))
  if (!result.success) {
    const issue = result.error.issues[0]
    throw new UsageError(
      `policy ${path}: ${issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'invalid'}`,
    )
  }
  return result.data
}

/** Prints the usage; exit code 0. */
export function help(io: SimIo): number {
  io.stdout(simUsage)
  return 0
}
