import type { OnlineResistance } from '../contract/analyses.js'
import {
  labMetricDefinitions,
  labMetricIds,
  type LabMetricId,
  type LabMetrics,
  type LabMetricValue,
} from '../contract/lab-metrics.js'
import type { HistoryChannel, HistoryResponse, RunDetail } from '../contract/telemetry.js'
import { codTotals, type CodTotals } from './cod.js'
import {
  coulombicEfficiencyPct,
  codRemovalPct,
  codRemovalRateGPerLDay,
  integralSpanS,
  joulesToWh,
  powerDensityPerAreaWPerM2,
  powerDensityPerVolumeWPerM3,
} from './formulas.js'
import { runGeometry, type CellGeometry, type FeedModel, type GeometryEdits } from './geometry.js'
import {
  emptyCellIntegrals,
  integralsOfHistory,
  seriesLookup,
  type CellIntegrals,
  type RunIntegrals,
} from './integrals.js'

/*
 * The lab metrics of one run from its integrals (docs/lab-metrics.md): of the recorder's history of the
 * run (raw frames, or its rollups for a long run), or of the current run's live frames, per cell and for
 * the stack. The model's own figures (tracking efficiency, methane) come from the simulation while the run
 * is its current one.
 */

const powerChannels: HistoryChannel[] = ['powerW', 'currentA', 'internalOhm', 'stack.powerW']
const codChannels: HistoryChannel[] = ['substrateMgL', 'stack.feedLPerDay', 'stack.feedActualLPerDay']

/** The history channels a run's figures follow from: a hardware run records no influent COD, so no COD channels. */
export const labMetricChannelsOf = (source: RunDetail['source']): HistoryChannel[] =>
  source === 'hardware' ? powerChannels : [...powerChannels, ...codChannels]

/** Every channel the metrics read (a simulated run's). */
export const labMetricChannels = labMetricChannelsOf('simulation')

/**
 * Points per series of a whole-run computation: few points let a run longer than 100 x 5 s read the
 * recorder's rollups instead of every raw row. The per-time figures stay within 1 % of every frame's, the
 * energy and `coveredS` about one bucket short (docs/lab-metrics.md "How they are kept current", accumulator.test.ts).
 */
export const labMetricPoints = 100

/** The simulation's figures of its current run (docs/simulation.md "Run metrics"). */
export type ModelFigures = { trackingEfficiencyPct: number | null; methaneMl: number }

type RunFigureInputs = {
  run: Pick<RunDetail, 'runId' | 'source' | 'cells' | 'config'>
  model?: ModelFigures | undefined
  online?: OnlineResistance | undefined
  /** A hardware run's edited cell sizes (docs/lab-metrics.md "Editing cell geometry"). */
  geometryEdits?: GeometryEdits | undefined
}

export type LabMetricsInputs = RunFigureInputs & { history: HistoryResponse }

/** The figures of a run from integrals already taken: `basis` says what they were taken over. */
export type IntegralsInputs = RunFigureInputs & {
  integrals: RunIntegrals
  basis: HistoryResponse['source']
}

/** Everything a row's figures follow from. */
type RowTotals = {
  energyJ: number
  spanS: number
  chargeC: number
  cod: CodTotals | string
  geometry: CellGeometry
  geometryReason: (key: 'anodeAreaCm2' | 'anodeVolumeL') => string
  internalOhm: LabMetricValue
  trackingEfficiencyPct: LabMetricValue
  methaneMl: LabMetricValue
}

const valueOrReason = (value: number | null, reason: string): LabMetricValue =>
  value === null || !Number.isFinite(value) ? { value: null, reason } : { value, reason: null }
const none = (reason: string): LabMetricValue => ({ value: null, reason })

/** The figures of one row, each a value or the reason it has none. */
function rowValues(totals: RowTotals): Record<LabMetricId, LabMetricValue> {
  const mean = totals.spanS > 0 ? totals.energyJ / totals.spanS : null
  const noFrames = 'fewer than two recorded frames'
  const { areaCm2, volumeL } = totals.geometry
  const density = (size: number | null, key: 'anodeAreaCm2' | 'anodeVolumeL', of: (p: number, s: number) => number) =>
    mean === null
      ? none(noFrames)
      : size === null
        ? none(totals.geometryReason(key))
        : valueOrReason(of(mean, size), noFrames)
  const cod = totals.cod
  const codValue = (of: (cod: CodTotals) => number | null, reason: string): LabMetricValue =>
    typeof cod === 'string' ? none(cod) : valueOrReason(of(cod), reason)
  return {
    powerDensityAreaWPerM2: density(areaCm2, 'anodeAreaCm2', powerDensityPerAreaWPerM2),
    powerDensityVolumeWPerM3: density(volumeL, 'anodeVolumeL', powerDensityPerVolumeWPerM3),
    meanPowerW: valueOrReason(mean, noFrames),
    energyJ: valueOrReason(totals.spanS > 0 ? totals.energyJ : null, noFrames),
    energyWh: valueOrReason(totals.spanS > 0 ? joulesToWh(totals.energyJ) : null, noFrames),
    coulombicEfficiencyPct: codValue(
      (c) => coulombicEfficiencyPct(totals.chargeC, c.removedMg),
      'no COD was removed over the run',
    ),
    codRemovalPct: codValue((c) => codRemovalPct(c.removedMg, c.fedMg), 'no COD was fed over the run'),
    codRemovalRateGPerLDay:
      volumeL === null
        ? none(totals.geometryReason('anodeVolumeL'))
        : codValue((c) => codRemovalRateGPerLDay(c.removedMg, volumeL, totals.spanS), noFrames),
    internalResistanceOhm: totals.internalOhm,
    trackingEfficiencyPct: totals.trackingEfficiencyPct,
    methaneMl: totals.methaneMl,
  }
}

/** Why a run has no model figure: hardware has no model, a recorded simulation kept none. */
function modelReason(source: 'simulation' | 'hardware', what: string): string {
  return source === 'hardware'
    ? `needs the model (${what}): a hardware run has none`
    : "a model figure, kept only while the run is the simulation's current run"
}

/** The stack's COD balance: what every cell removed against what came from outside the stack. */
function stackCod(cells: readonly RowTotals[]): CodTotals | string {
  const reason = cells.map((cell) => cell.cod).find((cod): cod is string => typeof cod === 'string')
  if (reason !== undefined) return reason
  if (cells.length === 0) return 'the run has no cells'
  const total = (of: (cod: CodTotals) => number) => cells.reduce((sum, cell) => sum + of(cell.cod as CodTotals), 0)
  const externalFedMg = total((cod) => cod.externalFedMg)
  return { fedMg: externalFedMg, externalFedMg, removedMg: total((cod) => cod.removedMg) }
}

function stackTotals(inputs: RunFigureInputs, integrals: RunIntegrals, cells: RowTotals[]): RowTotals {
  const { run, model, online } = inputs
  const power = integrals.stackPower
  const sum = (sizes: Array<number | null>) =>
    sizes.some((size) => size === null) ? null : sizes.reduce<number>((total, size) => total + (size ?? 0), 0)
  const stackOnline = online?.runId === run.runId ? online.stack.internalOhm : null
  return {
    energyJ: power.sum,
    spanS: integralSpanS(power),
    chargeC: cells.reduce((total, cell) => total + cell.chargeC, 0),
    cod: stackCod(cells),
    geometry: {
      areaCm2: sum(cells.map((cell) => cell.geometry.areaCm2)),
      volumeL: sum(cells.map((cell) => cell.geometry.volumeL)),
    },
    geometryReason: (key) => {
      const missing = cells.find((cell) => cell.geometry[key === 'anodeAreaCm2' ? 'areaCm2' : 'volumeL'] === null)
      return `the stack's total needs every cell's ${key}: ${missing?.geometryReason(key) ?? ''}`
    },
    internalOhm: valueOrReason(
      stackOnline,
      'no load step measured yet: the online estimate needs an MPPT or operator load step',
    ),
    trackingEfficiencyPct: model
      ? valueOrReason(
          model.trackingEfficiencyPct,
          'no maximum-power-point reference yet (before warm-up, or metrics.optimumPeriodS is 0)',
        )
      : none(modelReason(run.source, 'its maximum power point')),
    methaneMl: model ? valueOrReason(model.methaneMl, '') : none(modelReason(run.source, 'methanogenic uptake')),
  }
}

function cellTotals(
  inputs: RunFigureInputs,
  integrals: CellIntegrals,
  index: number,
  geometry: { cell: CellGeometry; feed: FeedModel | null },
): RowTotals {
  const { run, online } = inputs
  const power = integrals.power
  const onlineOhm = online?.runId === run.runId ? (online.cells[index]?.internalOhm ?? null) : null
  const stackOnly = none('a stack figure')
  return {
    energyJ: power.sum,
    spanS: integralSpanS(power),
    chargeC: integrals.current.sum,
    cod: codTotals(inputs.run.source, integrals.cod, index, geometry.feed),
    geometry: geometry.cell,
    geometryReason: (key) =>
      run.source === 'hardware'
        ? `the instruments.cells entry of cell ${index + 1} has no ${key}`
        : `cell ${index + 1} has no ${key}`,
    internalOhm: valueOrReason(
      integrals.lastInternalOhm ?? onlineOhm,
      'no load step measured yet: the online estimate needs an MPPT or operator load step',
    ),
    trackingEfficiencyPct: stackOnly,
    methaneMl: stackOnly,
  }
}

/** The lab metrics of a run from its integrals (and the model's figures, for the current run). */
export function labMetricsOf(inputs: IntegralsInputs): LabMetrics {
  const geometry = runGeometry(inputs.run, inputs.geometryEdits)
  const cells = geometry.cells.map((cell, index) =>
    cellTotals(inputs, inputs.integrals.cells[index] ?? emptyCellIntegrals(), index, { cell, feed: geometry.feed }),
  )
  const stack = stackTotals(inputs, inputs.integrals, cells)
  return {
    runId: inputs.run.runId,
    source: inputs.run.source,
    coveredS: stack.spanS,
    basis: inputs.basis,
    definitions: labMetricIds.map((id) => ({ id, ...labMetricDefinitions[id] })),
    stack: { cell: null, values: rowValues(stack) },
    cells: cells.map((totals, index) => ({ cell: index + 1, values: rowValues(totals) })),
  }
}

/** The lab metrics of a run from its recorded history (and the model's figures, for the current run). */
export function computeLabMetrics(inputs: LabMetricsInputs): LabMetrics {
  const { feed } = runGeometry(inputs.run)
  const integrals = integralsOfHistory(seriesLookup(inputs.history), inputs.run.cells, feed)
  return labMetricsOf({ ...inputs, integrals, basis: inputs.history.source })
}
