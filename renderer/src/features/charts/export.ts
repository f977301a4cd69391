import { labMetricsCsvLine, type LabMetrics } from '../../../../server/contract/lab-metrics'
import { csvColumnName } from '../../../../server/contract/telemetry'
import { downloadBlob } from '../../app/download'
import { formatDateTime, formatSimTime } from '../../app/time-format'
import { seriesKey, type ChartRow } from '../../store/chart-window'
import type { SeriesRef } from '../../store/frame-ring'

/** What every export says about itself: which station and run, which time range. */
export type ChartMeta = {
  stationVersion: string | undefined
  runId: string | undefined
  runName: string | undefined
  fromS: number
  toS: number
  /** The run's lab metrics (docs/lab-metrics.md), written when they are this run's. */
  labMetrics?: LabMetrics | undefined
}

/**
 * A series' CSV column, named as the UI names it (Cell 1..N) with its SI unit: `cell1_voltage_V`,
 * `stack_load_ohm`; the same names as the station's run CSV (one function in the contract).
 */
export function csvColumn(series: SeriesRef): string {
  return csvColumnName(series.cell, series.channel)
}

/** The metadata lines at the top of an export, each starting with "#" so CSV readers can skip them. */
export function metadataLines(meta: ChartMeta, exportedAtMs: number): string[] {
  return [
    `# MFC Station ${meta.stationVersion ?? '(version unknown)'}`,
    `# run: ${meta.runId ?? '–'}${meta.runName ? ` (${meta.runName})` : ''}`,
    `# time range: ${formatSimTime(meta.fromS)} .. ${formatSimTime(meta.toS)} (sim_time_s ${meta.fromS} .. ${meta.toS})`,
    `# exported: ${formatDateTime(exportedAtMs)} (wall)`,
    '# units: SI as in each column name (V, A, W, mg_per_L, ohm, L_per_day); load and feed are the commanded values',
  ]
}

/**
 * The lab metrics lines of an export (docs/operator-ui.md "Exports"): the stack and the exported cells,
 * only when the figures are the exported run's. They cover the whole run so far, which the line says.
 */
export function labMetricsLines(meta: ChartMeta, series: readonly SeriesRef[]): string[] {
  const metrics = meta.labMetrics
  if (!metrics || metrics.runId !== meta.runId) return []
  const cells = new Set(series.flatMap((ref) => (ref.cell === 'stack' ? [] : [ref.cell + 1])))
  return [
    `# lab metrics: the whole run so far (${Math.round(metrics.coveredS)} s), not only this time range; definitions in docs/lab-metrics.md`,
    labMetricsCsvLine(metrics.stack),
    ...metrics.cells.filter((row) => row.cell !== null && cells.has(row.cell)).map((row) => labMetricsCsvLine(row)),
  ]
}

/** CSV of chart rows in SI units (what instruments and spreadsheets expect), one column per series. */
export function rowsToCsv(
  rows: readonly ChartRow[],
  series: readonly SeriesRef[],
  meta: ChartMeta,
  exportedAtMs: number,
): string {
  const keys = series.map(seriesKey)
  const header = ['sim_time_s', ...series.map(csvColumn)]
  const lines = rows.map((row) => [row.t, ...keys.map((k) => row[k] ?? '')].join(','))
  const head = [...metadataLines(meta, exportedAtMs), ...labMetricsLines(meta, series)]
  return `${[...head, header.join(','), ...lines].join('\n')}\n`
}

/** Saves the rows as a CSV file with the metadata header. */
export function downloadCsv(
  rows: readonly ChartRow[],
  series: readonly SeriesRef[],
  meta: ChartMeta,
  filename: string,
): void {
  downloadBlob(new Blob([rowsToCsv(rows, series, meta, Date.now())], { type: 'text/csv' }), filename)
}

/** A file name for an export: "mfc-<run>-<what>.<ext>", safe on every file system. */
export function exportFilename(meta: Pick<ChartMeta, 'runName' | 'runId'>, what: string, extension: string): string {
  return `mfc-${`${meta.runName ?? 'run'}-${what}`.replace(/[^\w.-]+/g, '_')}.${extension}`
}

/** Presentation properties that come from CSS (custom properties, theme) and must travel with the SVG. */
const PAINT_PROPERTIES = [
  'stroke',
  'fill',
  'stroke-width',
  'stroke-dasharray',
  'font-size',
  'font-family',
  'opacity',
] as const
/** Room above the plot for the title and below it for the run and time range. */
const TITLE_BAND = 28
const FOOTER_BAND = 22

/** An SVG element as a data: URL image with its computed paint copied onto it (the page's CSS does not travel). */
async function svgImage(svg: SVGSVGElement): Promise<{ image: HTMLImageElement; width: number; height: number }> {
  const clone = svg.cloneNode(true) as SVGSVGElement
  const originals = [svg, ...svg.querySelectorAll('*')]
  const copies = [clone, ...clone.querySelectorAll('*')]
  originals.forEach((element, i) => {
    const computed = getComputedStyle(element)
    for (const property of PAINT_PROPERTIES) copies[i]!.setAttribute(property, computed.getPropertyValue(property))
  })
  const { width, height } = svg.getBoundingClientRect()
  clone.setAttribute('width', String(width))
  clone.setAttribute('height', String(height))
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg')
  const image = new Image()
  // The CSP allows data: images; an object URL would be a blob: source it does not list.
  image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(new XMLSerializer().serializeToString(clone))}`
  await image.decode()
  return { image, width, height }
}

/**
 * Renders a chart to a PNG with its title above and the run and time range below (the axes with
 * their titles and units are part of the chart), and downloads it.
 */
export async function downloadChartPng(
  svg: SVGSVGElement,
  meta: ChartMeta & { title: string },
  background: string,
): Promise<void> {
  const { image, width, height } = await svgImage(svg)
  const scale = window.devicePixelRatio || 1
  const canvas = document.createElement('canvas')
  canvas.width = Math.round(width * scale)
  canvas.height = Math.round((height + TITLE_BAND + FOOTER_BAND) * scale)
  const context = canvas.getContext('2d')
  if (!context) throw new Error('this browser cannot draw on a canvas')
  context.scale(scale, scale)
  context.fillStyle = background
  context.fillRect(0, 0, width, height + TITLE_BAND + FOOTER_BAND)
  context.drawImage(image, 0, TITLE_BAND, width, height)
  context.fillStyle = getComputedStyle(svg).color || '#000'
  context.font = '600 15px system-ui, sans-serif'
  context.fillText(meta.title, 8, 19)
  context.font = '12px system-ui, sans-serif'
  const footer = `MFC Station ${meta.stationVersion ?? ''} · run ${meta.runName ?? ''} ${meta.runId ?? ''} · ${formatSimTime(meta.fromS)} .. ${formatSimTime(meta.toS)}`
  context.fillText(footer, 8, TITLE_BAND + height + 15)
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'))
  if (!blob) throw new Error('the chart could not be encoded as PNG')
  downloadBlob(blob, exportFilename(meta, meta.title, 'png'))
}
