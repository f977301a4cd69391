import {
  CurveFileError,
  currentUnits,
  curveFormats,
  parseCurveFile,
  voltageUnits,
} from '../twin/analyses/curve-file.js'
import type { CurveFileOptions } from '../twin/analyses/curve-file.js'
import { analysePolarization, type PolarizationAnalysis } from '../twin/analyses/polarization.js'
import { coulombicCommand } from './analyze-coulombic.js'
import { numberFlag, parse, type SimIo } from './sim-input.js'
import { UsageError } from './usage-error.js'

/*
 * `mfc-station analyze polarization FILE` (docs/twin.md "CLI"): the analysis of POST
 * /api/v1/analyses/polarization on a curve file exported by potentiostat software, offline;
 * `analyze coulombic` is in analyze-coulombic.ts.
 */

export const analyzeUsage = `Usage: mfc-station analyze polarization FILE [options]
       mfc-station analyze coulombic (--run ID | --csv FILE) [options]   (see analyze coulombic --help)

Maximum power point, OCV, internal resistance, power densities and overshoot of a polarization curve
(docs/twin.md). FILE: an EC-Lab ASCII export (.mpt), a Gamry .DTA, or a CSV with potential and current columns.
  --format auto|ec-lab|gamry|csv  the file's kind (default: detected)
  --voltage-column NAME           the potential column (default: detected from the header)
  --current-column NAME           the current column (default: detected)
  --resistance-column NAME        an external-resistance column, if the file has one
  --voltage-unit V|mV             the potential's unit where the header does not say it
  --current-unit A|mA|uA|nA       the current's unit where the header does not say it
  --anode-area-cm2 A              anode area, for power and current per m^2
  --volume-ml V                   anode volume, for power and current per m^3
  --json                          the API's JSON answer`

const oneOf = <T extends string>(values: readonly T[], flag: string, raw: unknown): T | undefined => {
  if (raw === undefined) return undefined
  if (typeof raw === 'string' && (values as readonly string[]).includes(raw)) return raw as T
  throw new UsageError(`--${flag} expects one of ${values.join(', ')}, got ${JSON.stringify(raw)}`)
}

/** The analysis as lines an operator reads. */
export function polarizationSummary(result: PolarizationAnalysis): string {
  const { maximumPower: mpp, internalResistance: rInt, density, overshoot } = result
  const perArea = density.maxPowerWPerM2 === null ? '' : `, ${density.maxPowerWPerM2.toPrecision(4)} W/m^2`
  const perVolume = density.maxPowerWPerM3 === null ? '' : `, ${density.maxPowerWPerM3.toPrecision(4)} W/m^3`
  return [
    `points: ${result.points} (ordered by ${result.order})`,
    `OCV: ${result.openCircuit.voltageV.toFixed(4)} V (${result.openCircuit.method})`,
    `maximum power: ${(mpp.powerW * 1000).toPrecision(4)} mW at ${mpp.voltageV.toFixed(4)} V, ${(mpp.currentA * 1000).toPrecision(4)} mA${perArea}${perVolume}`,
    `R_int from the ohmic slope: ${rInt.ohmicSlopeOhm === null ? 'no linear region' : `${rInt.ohmicSlopeOhm.toPrecision(4)} ohm`}`,
    `R_int as R_ext at P_max: ${rInt.atMaximumPowerOhm.toPrecision(4)} ohm`,
    `overshoot: ${overshoot.detected ? `yes (current falls back ${overshoot.currentDropPct.toFixed(1)} %)` : 'no'}`,
  ].join('\n')
}

async function polarizationCommand(argv: string[], io: SimIo): Promise<number> {
  const [path, ...flags] = argv
  if (path === undefined || path === '-h' || path === '--help') {
    io.stdout(analyzeUsage)
    return path === undefined ? 2 : 0
  }
  const values = parse(flags, {
    ...{ format: { type: 'string' }, 'voltage-column': { type: 'string' }, 'current-column': { type: 'string' } },
    ...{
      'resistance-column': { type: 'string' },
      'voltage-unit': { type: 'string' },
      'current-unit': { type: 'string' },
    },
    ...{ 'anode-area-cm2': { type: 'string' }, 'volume-ml': { type: 'string' }, json: { type: 'boolean' } },
  })
  const column = (flag: string) => (typeof values[flag] === 'string' ? values[flag] : undefined)
  const options: CurveFileOptions = {
    ...{ format: oneOf(curveFormats, 'format', values.format) ?? 'auto' },
    ...(column('voltage-column') ? { voltageColumn: column('voltage-column') } : {}),
    ...(column('current-column') ? { currentColumn: column('current-column') } : {}),
    ...(column('resistance-column') ? { resistanceColumn: column('resistance-column') } : {}),
  }
  const voltageUnit = oneOf(
    Object.keys(voltageUnits) as Array<keyof typeof voltageUnits>,
    'voltage-unit',
    values['voltage-unit'],
  )
  const currentUnit = oneOf(
    Object.keys(currentUnits) as Array<keyof typeof currentUnits>,
    'current-unit',
    values['current-unit'],
  )
  if (voltageUnit) options.voltageUnit = voltageUnit
  if (currentUnit) options.currentUnit = currentUnit
  const anodeAreaCm2 = numberFlag(values, 'anode-area-cm2', (n) => n > 0, 'an area in cm^2 > 0')
  const volumeMl = numberFlag(values, 'volume-ml', (n) => n > 0, 'a volume in mL > 0')
  let text: string
  try {
    text = await io.readFile(path)
  } catch (error) {
    throw new UsageError(`cannot read curve ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`)
  }
  try {
    const imported = parseCurveFile(text, options)
    const { curve: _curve, ...result } = analysePolarization(imported.points, {
      ...(anodeAreaCm2 === undefined ? {} : { anodeAreaCm2 }),
      ...(volumeMl === undefined ? {} : { volumeMl }),
    })
    const { points: _points, ...how } = imported
    io.stdout(values.json ? JSON.stringify({ ...result, import: how }) : polarizationSummary({ ...result, curve: [] }))
    return 0
  } catch (error) {
    if (error instanceof CurveFileError || error instanceof RangeError)
      throw new UsageError(`${path}: ${error.message}`)
    throw error
  }
}

/** `mfc-station analyze ...`. Returns the exit code; bad flags throw UsageError. */
export async function analyzeCommand(argv: string[], io: SimIo, env: NodeJS.ProcessEnv = {}): Promise<number> {
  const [command, ...rest] = argv
  switch (command) {
    case 'polarization':
      return polarizationCommand(rest, io)
    case 'coulombic':
      return coulombicCommand(rest, io, env)
    case undefined:
    case '-h':
    case '--help':
    case 'help':
      io.stdout(analyzeUsage)
      return command === undefined ? 2 : 0
    default:
      throw new UsageError(`unknown analyze command "${command}" (try: polarization, coulombic)`)
  }
}
