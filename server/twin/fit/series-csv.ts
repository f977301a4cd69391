import { csvTable, PointsFileError } from './csv-table.js'
import type { SeriesSample } from './series-model.js'

/*
 * A cell's time series as `mfc-station twin fit --series` reads it (docs/twin.md "Series file"): a header
 * row naming time_s, voltage_V, r_ext_ohm and flow_L_per_day, optionally influent_mg_L and temperature_K
 * (any order, any case; further columns ignored), one sample per row in time order. An empty voltage_V is
 * an input-only row (a load or feed change between measurements); `inf` (or `open`) as r_ext_ohm is open
 * circuit. Without an influent or temperature column, the request's values hold throughout.
 */

export const SERIES_COLUMNS = ['time_s', 'voltage_V', 'r_ext_ohm', 'flow_L_per_day'] as const
const OPTIONAL_COLUMNS = ['influent_mg_L', 'temperature_K'] as const

const numberOr = (text: string | undefined, fallback: number) =>
  text === undefined || text === '' ? fallback : Number(text)

export function parseSeriesCsv(
  text: string,
  defaults: { influentMgL?: number | undefined; temperatureK: number },
): SeriesSample[] {
  return csvTable(text, SERIES_COLUMNS, OPTIONAL_COLUMNS).rows.map(({ line, number, cells }) => {
    const [tText, vText, rText, qText, sText, kText] = cells
    if ((sText === undefined || sText === '') && defaults.influentMgL === undefined)
      throw new PointsFileError(`row ${number}: no influent_mg_L, and no s0 (the influent) given for the series`)
    const sample: SeriesSample = {
      timeS: Number(tText),
      voltageV: vText === '' ? Number.NaN : Number(vText),
      rExtOhm: /^(inf|infinity|open)$/i.test(rText ?? '') ? Infinity : Number(rText),
      flowLPerDay: Number(qText),
      influentMgL: numberOr(sText, defaults.influentMgL ?? Number.NaN),
      temperatureK: numberOr(kText, defaults.temperatureK),
    }
    const bad =
      tText === '' ||
      !Number.isFinite(sample.timeS) ||
      (vText !== '' && !Number.isFinite(sample.voltageV)) ||
      !(sample.rExtOhm > 0) ||
      !(sample.flowLPerDay >= 0 && sample.flowLPerDay <= 100) ||
      !(sample.influentMgL >= 0 && sample.influentMgL <= 100_000) ||
      !(sample.temperatureK >= 273.15 && sample.temperatureK <= 373.15)
    if (bad)
      throw new PointsFileError(
        `row ${number}: expected time_s, voltage_V (or empty), r_ext_ohm > 0, flow_L_per_day 0..100, ` +
          `influent_mg_L 0..100000 and temperature_K 273.15..373.15, got "${line}"`,
      )
    return sample
  })
}
