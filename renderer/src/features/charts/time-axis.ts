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
  const ticks: number[] = []
  for (let t = Math.ceil(startS / step) * step; t <= endS + 1e-9; t += step) ticks.push(t)
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

/**
 * "Nice" value ticks (1, 2, 2.5, 5 x 10^n) covering [min, max], with just enough decimals that
 * neighbouring ticks differ in print: a y axis never repeats a label.
 */
export function valueTicks(min: number, max: number, maxTicks = 5): { ticks: number[]; digits: number } {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return { ticks: [], digits: 0 }
  const span = max - min || Math.abs(max) || 1
  const raw = span / maxTicks
  const magnitude = 10 ** Math.floor(Math.log10(raw))
  const step = ([1, 2, 2.5, 5, 10].find((m) => m * magnitude >= raw) ?? 10) * magnitude
  const low = max === min ? min - step : Math.floor(min / step) * step
  const high = max === min ? max + step : Math.ceil(max / step) * step
  const ticks: number[] = []
  for (let v = low; v <= high + step * 1e-6; v += step) ticks.push(+v.toPrecision(12))
  const digits = Math.max(0, -Math.floor(Math.log10(step) + 1e-9) + (step / magnitude === 2.5 ? 1 : 0))
  return { ticks, digits }
}
