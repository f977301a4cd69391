import type { ParameterInfo } from '../../contract/twin.js'
import { parameterRanges } from '../../sim/parameter-bounds.js'
import { nominalCellParameters, type CellParameters } from '../../sim/parameters.js'
import { AppError } from '../../errors.js'

/** The unit of every model parameter, as docs/simulation.md "Parameters" gives them. */
const units: Record<keyof CellParameters, string> = {
  qMaxAMgSPerMgXDay: 'mg-S/mg-x/d',
  qMaxMMgSPerMgXDay: 'mg-S/mg-x/d',
  muMaxAPerDay: '1/d',
  muMaxMPerDay: '1/d',
  kSAMgL: 'mg-S/L',
  kSMMgL: 'mg-S/L',
  kDAPerDay: '1/d',
  kDMPerDay: '1/d',
  mTotalMgMPerMgX: 'mg-M/mg-x',
  kMMgMPerMgX: 'mg-M/mg-x',
  yMMgMPerMgS: 'mg-M/mg-S',
  gammaMgMPerMol: 'mg-M/mol',
  electronsPerMediator: '-',
  xMaxAMgL: 'mg-x/L',
  xMaxMMgL: 'mg-x/L',
  kXLPerMgX: 'L/mg-x',
  rMinOhm: 'ohm',
  rMaxOhm: 'ohm',
  kRLPerMgX: 'L/mg-x',
  eMinV: 'V',
  eMaxV: 'V',
  epsMgMPerMgX: 'mg-M/mg-x',
  yCh4MlPerMgS: 'mL/mg-S',
  anodeVolumeL: 'L',
  anodeAreaCm2: 'cm2',
  kineticsThetaPerK: '1/K',
}

/** Every parameter with its unit, nominal value and physical range (`GET /api/v1/twin/parameters`). */
export function parameterList(): ParameterInfo[] {
  return (Object.keys(units) as Array<keyof CellParameters>).map((name) => ({
    name,
    unit: units[name],
    nominal: nominalCellParameters[name],
    min: parameterRanges[name][0],
    max: parameterRanges[name][1],
  }))
}

/** The names as model parameters; an unknown one is a 400 naming it. */
export function parameterNames(names: readonly string[], field: string): Array<keyof CellParameters> {
  for (const name of names)
    if (!(name in units))
      throw new AppError(
        'bad_request',
        `${field}: "${name}" is not a model parameter (GET /api/v1/twin/parameters lists them)`,
      )
  return names as Array<keyof CellParameters>
}
