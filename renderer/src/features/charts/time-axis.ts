import { formatSimClock } from '../../app/time-format'

/** Tick steps for a simulated-time axis, in seconds: each one a whole unit that reads well. */
const TIME_STEPS = [
  1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10_800, 21_600, 43_200, 86_400, 172_800, 604_800,
]

/**
 * Ticks for a time axis from `startS` to `endS`: at most `maxTicks` on whole multiples of one step,
 * so no two ticks ever print the same label (the labels show seconds whenever the step has them).
 */
export function timeTicks(startS: number, endS: number, maxTicks = 6): { ticks: number[]; format(t: number): string } {
  const span = Math.max(endS - startS, 1e-9)
  const step = TIME_STEPS.find((s) => span / s <= maxTicks) ?? Math.ceil(span / maxTicks / 604_800) * 604_800
  const first = Math.ceil(startS / step) * step
  const ticks = Array.from(
    { length: Math.max(0, Math.floor((endS + 1e-9 - first) / step) + 1) },
    (_, i) => first + i * step,
  )
  const withSeconds = step % 60 !== 0
  const wholeDays = step % 86_400 === 0
  return {
    ticks,
    format: (t) => {
      if (wholeDays) return `${Math.round(t / 86_400)} d`
      const clock = formatSimClock(t)
      return withSeconds ? clock : clock.replace(/:\d\d$/, '')
    },
  }
}

/** Never more ticks than this, whatever the numbers. */
const MAX_VALUE_TICKS = 12
/** The finest span an axis resolves, in display units (far below any sensor's resolution). */
const MIN_SPAN = 1e-9

/**
 * "Nice" value ticks (1, 2, 2.5, 5 x 10^n) covering [min, max], with just enough decimals that
 * neighbouring ticks differ in print: a y axis never repeats a label.
 */
export function valueTicks(min: number, max: number, maxTicks = 5): { ticks: number[]; digits: number } {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return { ticks: [], digits: 0 }
  // A constant series averaged into buckets differs from itself in the last bits (600 vs
  // 600.0000000000001): a span below the values' own precision is no span, and a step that small
  // would never advance a tick past its neighbour.
  const flat = max - min <= Math.max(Math.abs(min), Math.abs(max)) * 1e-9 || max - min < MIN_SPAN
  const lo = min
  const hi = flat ? min : max
  const span = Math.max(hi - lo || Math.abs(hi), MIN_SPAN)
  const raw = span / maxTicks
  const magnitude = 10 ** Math.floor(Math.log10(raw))
  const step = ([1, 2, 2.5, 5, 10].find((m) => m * magnitude >= raw) ?? 10) * magnitude
  const low = flat ? lo - step : Math.floor(lo / step) * step
  const high = flat ? hi + step : Math.ceil(hi / step) * step
  const count = Math.min(MAX_VALUE_TICKS, Math.round((high - low) / step) + 1)
  const ticks = Array.from({ length: count }, (_, i) => +(low + i * step).toPrecision(12))
  const digits = Math.max(0, -Math.floor(Math.log10(step) + 1e-9) + (step / magnitude === 2.5 ? 1 : 0))
  return { ticks, digits }
}
