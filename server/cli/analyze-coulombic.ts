import { coulombicRequestSchema, type CoulombicRequest, type CoulombicResult } from '../contract/analyses.js'
import { AppError } from '../errors.js'
import { createHistoryReader } from '../recorder/history.js'
import { coulombicAnalysis } from '../twin/analyses/coulombic-request.js'
import type { HistoryPort } from '../twin/run/recorded-frames.js'
import { parseInput } from '../validation.js'
import { commonUsage, CommandFailed, parseCommand, stringOption, type Parsed } from './ops/common.js'
import { withDataDir } from './ops/offline.js'
import { fromApi, resolveTarget } from './ops/target.js'
import { numberFlag, type SimIo } from './sim-input.js'
import { UsageError } from './usage-error.js'

/*
 * `mfc-station analyze coulombic` (docs/twin.md "CLI"): the flags build the body of POST
 * /api/v1/analyses/coulombic, validated by its schema and answered by the same analysis: on a recorded
 * run through the station's API or, while no station runs, on its data dir; or on a CSV or
 * potentiostat export of the current (the request's `file`, read offline).
 */

export const coulombicUsage = `Usage: mfc-station analyze coulombic (--run ID | --csv FILE) [options]

Coulombic efficiency and COD removal per fed-batch cycle or over a continuous period (docs/twin.md).
  --run ID                a recorded run (see mfc-station runs list), on the data dir or the running station
  --csv FILE              a time series: columns time, current and (to detect cycles) voltage, found by name
  --mode batch|continuous fed-batch cycles (default) or one continuous period
  --cell N                one cell of the run, numbered from 1 (default: every cell together)
  --from S, --to S        the part of the run to analyse (process seconds)
  --cycle START,END       a cycle marked by hand, in seconds; repeat it (default: detected from the voltage)
  --cod-in MG_L           COD fed; once for every cycle, or once per --cycle (default: from a simulated run's feed)
  --cod-out MG_L          COD left, as --cod-in
  --anode-volume-l L      anode volume for batch mode (default: the run's)
  --flow L_PER_DAY        feed flow for a continuous --csv series
  --format, --time-column NAME, --current-column NAME, --voltage-column NAME, --current-unit A|mA|uA|nA
                          how to read --csv (as analyze polarization)
  --json                  the API's JSON answer

${commonUsage}`

const seconds = /^\s*(\d+(?:\.\d+)?)\s*,\s*(\d+(?:\.\d+)?)\s*$/

/** `--cycle START,END` repeated, with the COD values given once per cycle where they are. */
function cyclesOf(values: Parsed['values'], codIn: number[], codOut: number[]): CoulombicRequest['cycles'] {
  const marked = (values['cycle'] as unknown as string[] | undefined) ?? []
  for (const [flag, list] of [['cod-in', codIn] as const, ['cod-out', codOut] as const])
    if (list.length > 1 && list.length !== marked.length)
      throw new UsageError(`--${flag} given ${list.length} times: give it once, or once per --cycle (${marked.length})`)
  if (marked.length === 0) return 'detect'
  return marked.map((text, i) => {
    const match = seconds.exec(text)
    if (!match) throw new UsageError(`--cycle expects START,END in seconds, got "${text}"`)
    return {
      startS: Number(match[1]),
      endS: Number(match[2]),
      ...(codIn.length > 1 ? { codInMgL: codIn[i] } : {}),
      ...(codOut.length > 1 ? { codOutMgL: codOut[i] } : {}),
    }
  })
}

function codValues(values: Parsed['values'], flag: string): number[] {
  return ((values[flag] as unknown as string[] | undefined) ?? []).map(
    (raw) => numberFlag({ [flag]: raw }, flag, (n) => n >= 0 && n <= 1e6, 'mg/L in 0..1000000') as number,
  )
}

/** The `--csv` file as the request's `file`: the server's reader, so the CLI and the API read it alike. */
async function fileOf(values: Parsed['values'], io: SimIo): Promise<Record<string, string>> {
  const path = stringOption(values, 'csv') as string
  try {
    const text = await io.readFile(path)
    const named = (flag: string, key: string) => {
      const value = stringOption(values, flag)
      return value === undefined ? {} : { [key]: value }
    }
    return {
      text,
      ...{ ...named('format', 'format'), ...named('time-column', 'timeColumn') },
      ...{ ...named('current-column', 'currentColumn'), ...named('voltage-column', 'voltageColumn') },
      ...named('current-unit', 'currentUnit'),
    }
  } catch (error) {
    throw new UsageError(`cannot read series ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`)
  }
}

/** The request body the flags describe, validated as the API validates it. */
async function requestOf(values: Parsed['values'], io: SimIo): Promise<CoulombicRequest> {
  const run = stringOption(values, 'run')
  if ((run === undefined) === (stringOption(values, 'csv') === undefined))
    throw new UsageError('analyze coulombic needs either --run ID or --csv FILE')
  const number = (flag: string, check: (n: number) => boolean, expectation: string) =>
    numberFlag(values, flag, check, expectation)
  const cell = number('cell', (n) => Number.isInteger(n) && n >= 1 && n <= 1024, 'a cell number from 1')
  const fromS = number('from', (n) => n >= 0, 'seconds >= 0')
  const toS = number('to', (n) => n >= 0, 'seconds >= 0')
  const anodeVolumeL = number('anode-volume-l', (n) => n > 0, 'litres > 0')
  const flowLPerDay = number('flow', (n) => n > 0, 'L/d > 0')
  const [codIn, codOut] = [codValues(values, 'cod-in'), codValues(values, 'cod-out')]
  const body = {
    mode: stringOption(values, 'mode') ?? 'batch',
    ...(run === undefined
      ? { file: await fileOf(values, io) }
      : { run: { runId: run, fromS, toS, ...(cell === undefined ? {} : { cell: cell - 1 }) } }),
    cycles: cyclesOf(values, codIn, codOut),
    ...(codIn.length === 1 ? { codInMgL: codIn[0] } : {}),
    ...(codOut.length === 1 ? { codOutMgL: codOut[0] } : {}),
    ...{ anodeVolumeL, flowLPerDay },
  }
  try {
    return parseInput(coulombicRequestSchema, JSON.parse(JSON.stringify(body)), 'body')
  } catch (error) {
    if (error instanceof AppError) throw new UsageError(error.message.replace(/^body\./, ''))
    throw error
  }
}

const figure = (value: number | null, digits: number, unit = '') =>
  value === null ? '-' : `${value.toFixed(digits)}${unit}`

/** The analysis as a table an operator reads. */
export function coulombicTable(result: CoulombicResult): string[] {
  const row = (label: string, c: CoulombicResult['total']) =>
    `| ${label} | ${c.chargeC.toFixed(2)} | ${figure(c.codRemovedMg, 2)} | ${figure(c.codRemovalPct, 1)} | ${figure(c.coulombicEfficiencyPct, 1)} |`
  return [
    `${result.mode === 'batch' ? `${result.cycles.length} cycle(s)` : 'continuous period'}, COD ${result.codSource}`,
    '| cycle | charge (C) | COD removed (mg) | COD removal (%) | CE (%) |',
    '| --- | --- | --- | --- | --- |',
    ...result.cycles.map((c, i) => row(`${i + 1}: ${c.startS.toFixed(0)}-${c.endS.toFixed(0)} s`, c)),
    row('total', result.total),
  ]
}

/** The analysis where the data is: offline (a series, or the stopped station's data dir) or through the API. */
async function analyse(body: CoulombicRequest, values: Parsed['values'], env: NodeJS.ProcessEnv) {
  const offline = (history: HistoryPort) => {
    try {
      return coulombicAnalysis(body, history)
    } catch (error) {
      if (error instanceof AppError && error.code === 'bad_request') throw new UsageError(error.message)
      if (error instanceof AppError) throw new CommandFailed(error.message)
      throw error
    }
  }
  if (body.file) return offline({ history: () => ({}) as never, run: () => ({}) as never })
  const target = await resolveTarget(values, env)
  if (target.kind === 'offline') return withDataDir(target.config, (db) => offline(createHistoryReader(db)))
  return fromApi<CoulombicResult>(target.url, target.client.POST('/api/v1/analyses/coulombic', { body }))
}

/** `mfc-station analyze coulombic`. Returns the exit code; bad flags throw UsageError. */
export async function coulombicCommand(argv: string[], io: SimIo, env: NodeJS.ProcessEnv): Promise<number> {
  const { values, positionals } = parseCommand(argv, {
    ...{ run: { type: 'string' }, csv: { type: 'string' }, mode: { type: 'string' }, cell: { type: 'string' } },
    ...{ from: { type: 'string' }, to: { type: 'string' }, cycle: { type: 'string', multiple: true } },
    ...{ 'cod-in': { type: 'string', multiple: true }, 'cod-out': { type: 'string', multiple: true } },
    ...{ 'anode-volume-l': { type: 'string' }, flow: { type: 'string' }, format: { type: 'string' } },
    ...{ 'time-column': { type: 'string' }, 'current-column': { type: 'string' } },
    ...{ 'voltage-column': { type: 'string' }, 'current-unit': { type: 'string' } },
  })
  if (values.help) return (io.stdout(coulombicUsage), 0)
  if (positionals.length > 0) throw new UsageError(`analyze coulombic: unexpected "${positionals.join(' ')}"`)
  const result = await analyse(await requestOf(values, io), values, env)
  if (values.json) io.stdout(JSON.stringify(result))
  else coulombicTable(result).forEach((line) => io.stdout(line))
  return 0
}
