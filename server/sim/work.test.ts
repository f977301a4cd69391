import { describe, expect, it } from 'vitest'
import { solveLinearWork } from './steady-state.js'
import { createUnitMeter, createWorkBudget, finish, proceed, unlimitedBudget, type Work } from './work.js'

/** `units` units of work, counting how many ran; returns the count. */
function* countTo(units: number, done: { count: number }): Work<number> {
  for (let k = 0; k < units; k += 1) {
    done.count += 1
    yield
  }
  return done.count
}

/** A fake clock in which every unit of work costs `costMs`: work advances it, reading it does not. */
function costlyUnits(costMs: number) {
  let wallMs = 0
  const done = { count: 0 }
  function* work(units: number): Work<number> {
    for (let k = 0; k < units; k += 1) {
      wallMs += costMs
      done.count += 1
      yield
    }
    return done.count
  }
  return { now: () => wallMs, work, done }
}

describe('work in slices', () => {
  it('runs work to its end, and in slices that continue where the last one stopped', () => {
    expect(finish(countTo(5, { count: 0 }))).toBe(5)
    const done = { count: 0 }
    const work = countTo(3, done)
    const oneUnit = { spent: () => true }
    expect(proceed(work, oneUnit)).toEqual({ done: false })
    expect(done.count).toBe(1)
    expect(proceed(work, oneUnit)).toEqual({ done: false })
    expect(proceed(work, unlimitedBudget)).toEqual({ done: true, value: 3 })
  })

  it('stops expensive units at the budget: 5 ms units in a 50 ms budget do 10 units', () => {
    const clock = costlyUnits(5)
    const work = clock.work(1000)
    expect(proceed(work, createWorkBudget(clock.now, 50))).toEqual({ done: false })
    expect(clock.done.count).toBe(10)
    expect(clock.now()).toBe(50)
    proceed(work, createWorkBudget(clock.now, 50)) // the next slice continues
    expect(clock.done.count).toBe(20)
  })

  it('overruns the budget by at most a sixteenth when units are cheap, reading the clock every 16 units', () => {
    let reads = 0
    let wallMs = 0
    const done = { count: 0 }
    function* cheap(): Work<void> {
      for (;;) {
        wallMs += 0.001
        done.count += 1
        yield
      }
    }
    const budget = createWorkBudget(() => {
      reads += 1
      return wallMs
    }, 80)
    proceed(cheap(), budget)
    expect(wallMs).toBeGreaterThanOrEqual(80)
    expect(wallMs).toBeLessThanOrEqual(80 * (1 + 1 / 16) + 0.001)
    expect(reads).toBeLessThanOrEqual(done.count / 16 + 5) // one read per 16 units, after doubling up to it
  })

  it('reads the clock at least every 16 units: a unit that suddenly costs more overruns by at most 16 of it', () => {
    let wallMs = 0
    let unit = 0
    function* slowingDown(): Work<void> {
      for (;;) {
        unit += 1
        wallMs += unit <= 2000 ? 0.001 : 20 // cheap for a while, then 20 ms per unit
        yield
      }
    }
    proceed(
      slowingDown(),
      createWorkBudget(() => wallMs, 100),
    )
    expect(wallMs).toBeLessThanOrEqual(100 + 16 * 20)
  })

  it('treats a zero, negative or NaN budget as one unit, and stays spent', () => {
    for (const budgetMs of [0, -5, Number.NaN]) {
      const clock = costlyUnits(1)
      const budget = createWorkBudget(clock.now, budgetMs)
      expect(proceed(clock.work(10), budget)).toEqual({ done: false })
      expect(clock.done.count).toBe(1)
      expect(budget.spent()).toBe(true)
    }
  })
})

describe('units of work', () => {
  it('meters units by cell evaluations: a yield per 256 of them, whatever the stack size', () => {
    const meter = createUnitMeter()
    expect([meter.add(100), meter.add(100), meter.add(100), meter.add(100)]).toEqual([false, false, true, false])
    expect(meter.add(512)).toBe(true) // one evaluation of a 512-cell stack is a unit on its own
  })

  it('splits a large linear solve into many units and a small one into none', () => {
    const yieldsOf = (n: number) => {
      const a = new Float64Array(n * n).map((_, k) => (k % (n + 1) === 0 ? n : 1 / (1 + (k % 7))))
      const work = solveLinearWork(a, new Float64Array(n).fill(1), n)
      let yields = 0
      while (!work.next().done) yields += 1
      return yields
    }
    expect(yieldsOf(8)).toBe(0)
    expect(yieldsOf(400)).toBeGreaterThan(100)
  })
})
