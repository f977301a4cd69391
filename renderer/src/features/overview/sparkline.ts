import type { FrameRing, SeriesRef } from '../../store/frame-ring'

/**
 * SVG polyline points for the last `count` samples of a series, scaled into a width x height box
 * (y grows downwards). A flat series is drawn through the middle; samples a source did not have (NaN,
 * an instrument offline) are left out.
 */
export function sparklinePoints(
  ring: FrameRing,
  series: SeriesRef,
  count: number,
  width: number,
  height: number,
): string {
  const n = Math.min(count, ring.length)
  if (n < 2) return ''
  const from = ring.length - n
  let min = Infinity
  let max = -Infinity
  for (let i = from; i < ring.length; i += 1) {
    const v = ring.valueAt(i, series)
    if (v < min) min = v
    if (v > max) max = v
  }
  const span = max - min
  const parts: string[] = []
  for (let i = 0; i < n; i += 1) {
    const v = ring.valueAt(from + i, series)
    if (Number.isNaN(v)) continue
    const y = span === 0 ? height / 2 : height - ((v - min) / span) * height
    parts.push(`${((i / (n - 1)) * width).toFixed(1)},${y.toFixed(1)}`)
  }
  return parts.length < 2 ? '' : parts.join(' ')
}
