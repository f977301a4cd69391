/*
 * One date/time vocabulary for every page (docs/operator-ui.md "Time"): simulated time is a run's
 * elapsed model time and always reads "sim 3 d 04:12:10"; wall time is the operator's clock and
 * always reads "14:05:12 wall" or, with a date, "2026-11-22 14:05:12". The two never share a format.
 */

const pad = (n: number) => String(Math.floor(n)).padStart(2, '0')

/** Elapsed simulated time without the "sim" tag, for axis ticks under a "simulated time" title: "3 d 04:12:10". */
export function formatSimClock(seconds: number): string {
  const s = Math.max(0, seconds)
  const days = Math.floor(s / 86_400)
  const clock = `${pad((s % 86_400) / 3600)}:${pad((s % 3600) / 60)}:${pad(s % 60)}`
  return days > 0 ? `${days} d ${clock}` : clock
}

/** Simulated time as shown anywhere outside an axis: "sim 3 d 04:12:10". */
export function formatSimTime(seconds: number): string {
  return `sim ${formatSimClock(seconds)}`
}

function localParts(ms: number) {
  const d = new Date(ms)
  return {
    date: `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`,
    time: `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`,
  }
}

/** A wall-clock instant of today's work: "14:05:12 wall". */
export function formatWallTime(ms: number): string {
  return `${localParts(ms).time} wall`
}

/** A wall-clock instant with its date (lists of runs, tokens, audit): "2026-11-22 14:05:12"; "–" when absent. */
export function formatDateTime(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '–'
  const ms = typeof value === 'number' ? value : Date.parse(value)
  if (!Number.isFinite(ms)) return '–'
  const { date, time } = localParts(ms)
  return `${date} ${time}`
}

/** A duration of wall time for ages: "4 s", "3 min 20 s", "2 h 05 min". */
export function formatAge(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000))
  if (s < 60) return `${s} s`
  if (s < 3600) return `${Math.floor(s / 60)} min ${pad(s % 60)} s`
  return `${Math.floor(s / 3600)} h ${pad((s % 3600) / 60)} min`
}

/** A span of simulated time in words, for window choices: "10 min", "6 h", "2 d". */
export function formatSimSpan(seconds: number): string {
  if (seconds < 60) return `${+seconds.toFixed(1)} s`
  if (seconds < 3600) return `${+(seconds / 60).toFixed(1)} min`
  if (seconds < 86_400) return `${+(seconds / 3600).toFixed(1)} h`
  return `${+(seconds / 86_400).toFixed(1)} d`
}
