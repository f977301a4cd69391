import { channelDisplay } from '../../app/format'
import { downloadBlob } from '../../app/download'
import type { ChartRow } from '../../store/chart-window'
import { channels } from '../../store/frame-ring'

/** CSV of chart rows in SI units (what instruments and spreadsheets expect), one column per channel. */
export function rowsToCsv(rows: readonly ChartRow[], prefix: string): string {
  const header = ['sim_time_s', ...channels.map((c) => channelDisplay[c].csvColumn)]
  const lines = rows.map((row) => [row.t, ...channels.map((c) => row[`${prefix}_${c}`] ?? '')].join(','))
  return `${header.join(',')}\n${lines.join('\n')}\n`
}

export function downloadCsv(rows: readonly ChartRow[], prefix: string, filename: string): void {
  downloadBlob(new Blob([rowsToCsv(rows, prefix)], { type: 'text/csv' }), filename)
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

/**
 * Renders a chart's SVG to a PNG and downloads it. The page's CSS (theme colors as custom properties)
 * does not apply inside an image, so computed paint is copied onto the clone as presentation
 * attributes; the SVG is loaded as a data: URL (the CSP allows data: images) and drawn on a canvas.
 */
export async function downloadChartPng(svg: SVGSVGElement, filename: string, background: string): Promise<void> {
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
  const url = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(new XMLSerializer().serializeToString(clone))}`
  const image = new Image()
  image.src = url
  await image.decode()
  const scale = window.devicePixelRatio || 1
  const canvas = document.createElement('canvas')
  canvas.width = Math.round(width * scale)
  canvas.height = Math.round(height * scale)
  const context = canvas.getContext('2d')
  if (!context) throw new Error('this browser cannot draw on a canvas')
  context.scale(scale, scale)
  context.fillStyle = background
  context.fillRect(0, 0, width, height)
  context.drawImage(image, 0, 0, width, height)
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'))
  if (!blob) throw new Error('the chart could not be encoded as PNG')
  downloadBlob(blob, filename)
}
