/**
 * The next station-local wall time at "HH:MM" strictly after `nowMs` (docs/control.md "Procedures",
 * schedule semantics): a daily repeat follows the wall clock on hardware and on the simulation alike,
 * and a day with a daylight-saving change still starts at the named local time.
 */
export function nextDailyMs(nowMs: number, dailyAt: string): number {
  const [hours, minutes] = dailyAt.split(':').map(Number) as [number, number]
  const next = new Date(nowMs)
  next.setHours(hours, minutes, 0, 0)
  if (next.getTime() <= nowMs) next.setDate(next.getDate() + 1)
  return next.getTime()
}
