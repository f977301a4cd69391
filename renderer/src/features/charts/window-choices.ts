import { formatSimSpan } from '../../app/time-format'
import { ARCHIVE_SPAN_S } from '../../store/telemetry'

/** A chart window, chosen either as wall time (how long the operator watched) or as simulated time. */
export type WindowChoice = { id: string; basis: 'wall' | 'sim'; seconds: number; label: string }

const SIM_WINDOWS = [60, 600, 3600, 6 * 3600, 86_400]
const WALL_WINDOWS = [30, 60, 300, 600, 1800]
/**
 * A window that passes in less wall time than this redraws as a jump (at 600x a "1 min" window is a
 * tenth of a second): offered only when it holds a few seconds of the operator's time.
 */
const MIN_WALL_S = 5

/**
 * The windows that make sense at `speed` (simulated seconds per wall second): simulated spans that
 * last at least a few wall seconds, wall spans that fit in what the charts keep (24 h simulated).
 * Each label says both: "1 min wall (10 h sim)".
 */
export function windowChoicesFor(speed: number | 'max' | undefined): WindowChoice[] {
  const rate = typeof speed === 'number' ? speed : undefined
  const sim = SIM_WINDOWS.filter((s) => rate === undefined || s / rate >= MIN_WALL_S).map((seconds): WindowChoice => ({
    id: `sim-${seconds}`,
    basis: 'sim',
    seconds,
    label: `${formatSimSpan(seconds)} sim${rate ? ` (${formatSimSpan(seconds / rate)} wall)` : ''}`,
  }))
  const wall =
    rate === undefined
      ? []
      : WALL_WINDOWS.filter((w) => w * rate <= ARCHIVE_SPAN_S && w * rate >= 1).map((w): WindowChoice => ({
          id: `wall-${w}`,
          basis: 'wall',
          seconds: w * rate,
          label: `${formatSimSpan(w)} wall (${formatSimSpan(w * rate)} sim)`,
        }))
  // Faster than any window makes sense (a day passes in under 5 s): the longest window still shows the trend.
  if (sim.length === 0 && wall.length === 0)
    return [{ id: 'sim-86400', basis: 'sim', seconds: ARCHIVE_SPAN_S, label: `${formatSimSpan(ARCHIVE_SPAN_S)} sim` }]
  // One choice per length: the option's value is the simulated span (at 1x "1 min" is both kinds).
  return [...wall.filter((w) => !sim.some((s) => s.seconds === w.seconds)), ...sim].sort(
    (a, b) => a.seconds - b.seconds,
  )
}

/** The choice for a window length, or the nearest longer one when the speed changed under it. */
export function nearestChoice(choices: readonly WindowChoice[], seconds: number): WindowChoice | undefined {
  return (
    choices.find((c) => Math.abs(c.seconds - seconds) < 1e-6) ??
    choices.find((c) => c.seconds >= seconds) ??
    choices.at(-1)
  )
}
