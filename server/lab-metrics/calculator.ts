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
  joulesToWh,
  powerDensityPerAreaWPerM2,
  powerDensityPerVolumeWPerM3,
  spanS,
  trapezoid,
  type SeriesOf,
} from './formulas.js'
import { runGeometry, type CellGeometry, type FeedModel, type GeometryEdits } from './geometry.js'

/*
 * The lab metrics of one run from its recorded frames (docs/lab-metrics.md): the recorder's history of
 * the run (raw frames, or its rollups for a long run) integrated per cell and for the stack. The model's
 * own figures (tracking efficiency, methane) come from the simulation while the run is its current one.
 */

/** The history channels the metrics read. */
export const labMetricChannels: HistoryChannel[] = [
  'powerW',
  'currentA',
  'substrateMgL',
  'internalOhm',
  'stack.powerW',
  'stack.feedLPerDay',
  'stack.feedActualLPerDay',
]

/**
 * Points per series read from the history: integrals of bucket means barely depend on the bucket width,
 * and few points let a run longer than 100 x 5 s read the recorder's rollups instead of every raw row.
 */
export const labMetricPoints = 100

/** The simulation's figures of its current run (docs/simulation.md "Run metrics"). */
export type ModelFigures = { trackingEfficiencyPct: number | null; methaneMl: number }

export type LabMetricsInputs = {
  run: Pick<RunDetail, 'runId' | 'source' | 'cells' | 'config'>
  history: HistoryResponse
  model?: ModelFigures | undefined
  online?: OnlineResistance | undefined
  /** A hardware run's edited cell sizes (docs/lab-metrics.md "Editing cell geometry"). */
  geometryEdits?: GeometryEdits | undefined
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

function seriesLookup(history: HistoryResponse): SeriesOf {
  const found = new Map(history.series.map((entry) => [`${entry.cell}:${entry.channel}`, entry]))
  return (cell, channel) => {
    const entry = found.get(`${cell}:${channel}`)
    return entry ? { t: entry.t, y: entry.mean } : { t: [], y: [] }
  }
}

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

function stackTotals(inputs: LabMetricsInputs, seriesOf: SeriesOf, cells: RowTotals[]): RowTotals {
  const { run, model, online } = inputs
  const power = seriesOf(null, 'stack.powerW')
  const sum = (sizes: Array<number | null>) =>
    sizes.some((size) => size === null) ? null : sizes.reduce<number>((total, size) => total + (size ?? 0), 0)
  const stackOnline = online?.runId === run.runId ? online.stack.internalOhm : null
  return {
    energyJ: trapezoid(power),
    spanS: spanS(power),
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
  inputs: LabMetricsInputs,
  seriesOf: SeriesOf,
  index: number,
  geometry: { cell: CellGeometry; feed: FeedModel | null },
): RowTotals {
  const { run, online } = inputs
  const power = seriesOf(index, 'powerW')
  const modelOhm = seriesOf(index, 'internalOhm').y
  const onlineOhm = online?.runId === run.runId ? (online.cells[index]?.internalOhm ?? null) : null
  const stackOnly = none('a stack figure')
  return {
    energyJ: trapezoid(power),
    spanS: spanS(power),
    chargeC: trapezoid(seriesOf(index, 'currentA')),
    cod: codTotals(inputs.run.source, seriesOf, index, geometry.feed),
    geometry: geometry.cell,
    geometryReason: (key) =>
      run.source === 'hardware'
        ? `the instruments.cells entry of cell ${index + 1} has no ${key}`
        : `cell ${index + 1} has no ${key}`,
    internalOhm: valueOrReason(
      modelOhm.length > 0 ? (modelOhm[modelOhm.length - 1] as number) : onlineOhm,
      'no load step measured yet: the online estimate needs an MPPT or operator load step',
    ),
    trackingEfficiencyPct: stackOnly,
    methaneMl: stackOnly,
  }
}

/** The lab metrics of a run from its recorded history (and the model's figures, for the current run). */
export function computeLabMetrics(inputs: LabMetricsInputs): LabMetrics {
  const seriesOf = seriesLookup(inputs.history)
  const geometry = runGeometry(inputs.run, inputs.geometryEdits)
  const cells = geometry.cells.map((cell, index) => cellTotals(inputs, seriesOf, index, { cell, feed: geometry.feed }))
  const stack = stackTotals(inputs, seriesOf, cells)
  return {
    runId: inputs.run.runId,
    source: inputs.run.source,
    coveredS: stack.spanS,
    basis: inputs.history.source,
    definitions: labMetricIds.map((id) => ({ id, ...labMetricDefinitions[id] })),
    stack: { cell: null, values: rowValues(stack) },
    cells: cells.map((totals, index) => ({ cell: index + 1, values: rowValues(totals) })),
  }
}
