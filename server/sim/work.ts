/*
 * Work in slices (docs/architecture-sim.md "Work budget"). A computation that can take long (a run's
 * steps, a steady-state solve, a sweep) is a generator that yields after every unit of work: a few
 * hundred cell evaluations (an integration step or a steady-state evaluation of a large stack, many of
 * a small one), or the part of a linear solve that costs as much.
 * Whoever drives it asks a WorkBudget after each unit whether to go on, so a call into the engine
 * stops when its wall-time budget is spent and the rest continues on a later call. The engine reads
 * no clock of its own: the budget's `now` is injected.
 */

/** A computation in units of work: it yields after each unit and returns its result. */
export type Work<T> = Generator<void, T, void>

/** Asked after every unit of work whether the caller's budget is spent (and, once it is, from then on). */
export type WorkBudget = { spent(): boolean }

/** No limit: headless runs, benchmarks and tests run their work to the end. */
export const unlimitedBudget: WorkBudget = { spent: () => false }

/** Where a slice of work left off: its result, or not done yet (drive it again to continue). */
export type Progress<T> = { done: true; value: T } | { done: false }

/** Runs `work` until it returns or `budget` is spent; at least one unit is done, so every slice progresses. */
export function proceed<T>(work: Work<T>, budget: WorkBudget): Progress<T> {
  for (;;) {
    const unit = work.next()
    if (unit.done) return { done: true, value: unit.value }
    if (budget.spent()) return { done: false }
  }
}

/** Runs `work` to its end. */
export function finish<T>(work: Work<T>): T {
  for (;;) {
    const unit = work.next()
    if (unit.done) return unit.value
  }
}

/**
 * Cell evaluations per unit of work. A yield (through a few delegating generators) costs about as
 * much as evaluating a cell, so work on a small stack yields only once this many evaluations have
 * accumulated (tens of microseconds of work); on a large one, after every evaluation.
 */
const CELL_EVALUATIONS_PER_UNIT = 256

/** Meters work between yields: add(cost) is true once a unit's worth has accumulated since the last true. */
export type UnitMeter = { add(cellEvaluations: number): boolean }

/** A meter for one computation, shared by the generators it delegates to. */
export function createUnitMeter(): UnitMeter {
  let sinceYield = 0
  return {
    add(cellEvaluations) {
      sinceYield += cellEvaluations
      if (sinceYield < CELL_EVALUATIONS_PER_UNIT) return false
      sinceYield = 0
      return true
    },
  }
}

/** Clock reads per budget: a slice overruns its budget by about this fraction of it (one stride of units). */
const READS_PER_BUDGET = 16
/**
 * Units between two clock reads at most. A one-cell step takes a few microseconds, a clock read a
 * few tens of nanoseconds: reading every 16 units costs well under 1 %, and bounds the overrun when a
 * unit suddenly costs more than the ones the stride was sized on.
 */
const MAX_STRIDE = 16

/**
 * A wall-time budget of `budgetMs` from now, on the injected clock `now` (ms). Reading the clock after
 * every unit would cost more than a one-cell step, so it is read every `stride` units, the stride
 * sized from the units measured so far to land about budgetMs / 16 apart, at most doubling per read
 * and never above MAX_STRIDE. A negative or NaN budget is zero: one unit, then spent.
 */
export function createWorkBudget(now: () => number, budgetMs: number): WorkBudget {
  const allowedMs = budgetMs >= 0 ? budgetMs : 0
  const startMs = now()
  const deadlineMs = startMs + allowedMs
  const readEveryMs = allowedMs / READS_PER_BUDGET
  let lastReadMs = startMs
  let stride = 1
  let untilRead = 1
  let spent = false
  return {
    spent() {
      if (spent) return true
      untilRead -= 1
      if (untilRead > 0) return false
      const t = now()
      if (t >= deadlineMs) return (spent = true)
      const perUnitMs = (t - lastReadMs) / stride
      const fits = perUnitMs > 0 ? Math.floor(readEveryMs / perUnitMs) : MAX_STRIDE
      stride = Math.max(1, Math.min(2 * stride, MAX_STRIDE, fits))
      untilRead = stride
      lastReadMs = t
      return false
    },
  }
}
