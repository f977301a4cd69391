import { fitPolarizationWork, type FitResult } from '../twin/fit/fit-polarization.js'
import { ZodError } from 'zod'
import { seriesFitRequestSchema } from '../contract/twin-series-fit.js'
import { fitRequestOf } from '../twin/fit/fit-request.js'
import { fitSeriesWork, type SeriesFitResult } from '../twin/fit/fit-series.js'
import { seriesRequestOf } from '../twin/fit/series-request.js'
import { finish } from '../sim/work.js'
import { AppError } from '../errors.js'
import { numberFlag, parse, type SimIo } from './sim-input.js'
import { UsageError } from './usage-error.js'

/*
 * `mfc-station twin fit` (docs/twin.md "CLI"): the estimator of POST /api/v1/twin/fit on a points file,
 * offline. The flags build the API's request body, so both validate and answer alike.
 */

export const twinUsage = `Usage: mfc-station twin fit --polarization FILE --s0 MG_L --flow L_PER_DAY --fit NAMES [options]
       mfc-station twin fit --series FILE [--s0 MG_L] --fit NAMES [options]

Estimates model parameters of a cell from steady-state polarization points, or from a voltage time series
with its load and feed history (docs/twin.md).
  --polarization FILE   CSV with a header row naming r_ext_ohm,voltage_V,current_A (further columns ignored)
  --series FILE         CSV naming time_s,voltage_V,r_ext_ohm,flow_L_per_day[,influent_mg_L][,temperature_K]
  --s0 MG_L             influent substrate concentration (mg/L); with --series, where the file has none
  --flow L_PER_DAY      feed flow (L/d); with --series it is in the file
  --fit NAMES           comma-separated engine parameter names, e.g. eMaxV,rMaxOhm,xMaxMMgL
  --temperature K       cell temperature (default 298.15)
  --biofilm steady|held each point at its long-run steady state (default), or the biofilm as grown at one load
  --grown-at-ohm R      with --biofilm held: the load the biofilm grew at
  --resolution V        the voltmeter's resolution, the floor of the residual deviation (default 0.0001)
  --json                the API's JSON answer (parameters, ci95, rmse, identifiable, ...)`

const format = (value: number) =>
  Math.abs(value) >= 1e4 || Math.abs(value) < 1e-3 ? value.toExponential(4) : value.toPrecision(5)

/** The fit as a table: value, 95 % interval, identifiable or why not. */
export function fitTable(result: FitResult | SeriesFitResult): string {
  const data = 'points' in result ? `${result.points.length} points` : `${result.series.timeS.length} samples`
  const rows = Object.keys(result.identifiable).map((name) => {
    const value = result.parameters[name]
    const ci = result.ci95[name]
    const why = result.notIdentifiable[name]
    return value === null || value === undefined || !ci
      ? `| ${name} | not identifiable | held at ${format(why?.heldAt ?? Number.NaN)}: ${why?.reason ?? ''} |`
      : `| ${name} | ${format(value)} | [${format(ci[0])}, ${format(ci[1])}] |`
  })
  return [
    '| parameter | value | 95 % interval |',
    '| --- | --- | --- |',
    ...rows,
    '',
    `RMSE ${(result.rmse * 1000).toFixed(2)} mV over ${data}, ${result.iterations} iterations`,
  ].join('\n')
}

async function readData(io: SimIo, path: string): Promise<string> {
  try {
    return await io.readFile(path)
  } catch (error) {
    throw new UsageError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`)
  }
}

/** A fit run here; the request's own mistakes (a bad row, an unknown parameter, too few points) are the operator's. */
function offline<T>(fit: () => T): T {
  try {
    return fit()
  } catch (error) {
    if (error instanceof AppError) throw new UsageError(error.message)
    if (error instanceof ZodError) {
      const issue = error.issues[0]
      throw new UsageError(`${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`)
    }
    throw error
  }
}

async function fitCommand(argv: string[], io: SimIo): Promise<number> {
  const values = parse(argv, {
    ...{
      polarization: { type: 'string' },
      series: { type: 'string' },
      s0: { type: 'string' },
      flow: { type: 'string' },
    },
    ...{ fit: { type: 'string' }, temperature: { type: 'string' }, biofilm: { type: 'string' } },
    ...{ 'grown-at-ohm': { type: 'string' }, resolution: { type: 'string' }, json: { type: 'boolean' } },
  })
  if (values.help) {
    io.stdout(twinUsage)
    return 0
  }
  const required = (flag: string) => {
    const value = values[flag]
    if (typeof value !== 'string') throw new UsageError(`twin fit needs --${flag} (see mfc-station twin --help)`)
    return value
  }
  const requiredNumber = (flag: string, check: (n: number) => boolean, expectation: string) => {
    required(flag)
    return numberFlag(values, flag, check, expectation) as number
  }
  const resolution = numberFlag(values, 'resolution', (n) => n > 0 && n <= 1, 'volts in (0, 1]')
  const temperatureK = numberFlag(values, 'temperature', (n) => n >= 273.15 && n <= 373.15, 'kelvin in 273.15..373.15')
  const fit = required('fit')
    .split(',')
    .map((name) => name.trim())
  if (typeof values.series === 'string') {
    if (values.polarization !== undefined) throw new UsageError('give --polarization or --series, not both')
    const s0MgL = numberFlag(values, 's0', (n) => n >= 0 && n <= 100_000, 'mg/L in 0..100000')
    const body = {
      ...{ csv: await readData(io, values.series), fit, temperatureK: temperatureK ?? 298.15 },
      ...(s0MgL === undefined ? {} : { s0MgL }),
      ...(resolution === undefined ? {} : { voltageResolutionV: resolution }),
    }
    const result = offline(() => finish(fitSeriesWork(seriesRequestOf(seriesFitRequestSchema.parse(body)))))
    io.stdout(values.json ? JSON.stringify(result) : fitTable(result))
    return 0
  }
  const path = required('polarization')
  const biofilm = values.biofilm ?? 'steady'
  if (biofilm !== 'steady' && biofilm !== 'held')
    throw new UsageError(`--biofilm expects steady or held, got ${JSON.stringify(biofilm)}`)
  const mode: 'steady' | 'held' = biofilm
  const grownAtOhm = numberFlag(values, 'grown-at-ohm', (n) => n > 0, 'a load in ohm > 0')
  if (biofilm === 'held' && grownAtOhm === undefined) throw new UsageError('--biofilm held needs --grown-at-ohm R')
  const body = {
    csv: await readData(io, path),
    s0MgL: requiredNumber('s0', (n) => n >= 0 && n <= 100_000, 'mg/L in 0..100000'),
    flowLPerDay: requiredNumber('flow', (n) => n >= 0 && n <= 100, 'L/d in 0..100'),
    temperatureK: temperatureK ?? 298.15,
    fit,
    biofilm: mode,
    ...(grownAtOhm === undefined ? {} : { grownAtOhm }),
    ...(resolution === undefined ? {} : { voltageResolutionV: resolution }),
  }
  const result = offline(() => finish(fitPolarizationWork(fitRequestOf(body))))
  io.stdout(values.json ? JSON.stringify(result) : fitTable(result))
  return 0
}

/** `mfc-station twin ...`. Returns the exit code; bad flags throw UsageError. */
export async function twinCommand(argv: string[], io: SimIo): Promise<number> {
  const [command, ...rest] = argv
  switch (command) {
    case 'fit':
      return fitCommand(rest, io)
    case undefined:
    case '-h':
    case '--help':
    case 'help':
      io.stdout(twinUsage)
      return command === undefined ? 2 : 0
    default:
      throw new UsageError(`unknown twin command "${command}" (try: fit)`)
  }
}
