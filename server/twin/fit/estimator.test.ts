import { describe, expect, it } from 'vitest'
import { finish } from '../../sim/work.js'
import { parameterStatistics } from './identifiability.js'
import { levenbergMarquardtWork, type BoxedLeastSquares } from './levenberg-marquardt.js'
import { studentTCdf, studentTQuantile } from './statistics.js'

/** y = a exp(-b t) sampled at t = 0..9: a classic nonlinear least-squares problem. */
function decay(data: readonly number[], lower = [-10, -10], upper = [10, 10]): BoxedLeastSquares {
  return {
    lower: Float64Array.from(lower),
    upper: Float64Array.from(upper),
    *residuals(u) {
      yield
      return Float64Array.from(data, (y, t) => (u[0] as number) * Math.exp(-(u[1] as number) * t) - y)
    },
  }
}

describe('Student t', () => {
  it.each([
    [1, 12.706204736],
    [5, 2.570581836],
    [10, 2.228138852],
    [30, 2.042272456],
    [1000, 1.962339081],
  ])('the 97.5 %% quantile at %i degrees of freedom is %f (tables)', (dof, quantile) => {
    expect(studentTQuantile(0.975, dof)).toBeCloseTo(quantile, 6)
    expect(studentTCdf(quantile, dof)).toBeCloseTo(0.975, 9)
  })
})

describe('Levenberg-Marquardt', () => {
  it('recovers the parameters of noise-free data from a distant start', () => {
    const data = Array.from({ length: 10 }, (_, t) => 3 * Math.exp(-0.4 * t))
    const result = finish(levenbergMarquardtWork(decay(data), Float64Array.of(1, 2)))
    expect(result.u[0]).toBeCloseTo(3, 8)
    expect(result.u[1]).toBeCloseTo(0.4, 8)
    expect(result.cost).toBeLessThan(1e-16)
  })

  it('stays inside the bounds: the best point on the box when the optimum is outside it', () => {
    const data = Array.from({ length: 10 }, (_, t) => 3 * Math.exp(-0.4 * t))
    const result = finish(levenbergMarquardtWork(decay(data, [-10, 0.5], [2, 10]), Float64Array.of(1, 2)))
    expect(result.u[0]).toBeLessThanOrEqual(2)
    expect(result.u[1]).toBeGreaterThanOrEqual(0.5)
    expect(result.u[0]).toBeCloseTo(2, 6)
  })

  it('refuses a start where the model cannot be evaluated', () => {
    const problem: BoxedLeastSquares = {
      ...decay([1, 2]),
      residuals: function* () {
        yield
        return Float64Array.of(Number.NaN)
      },
    }
    expect(() => finish(levenbergMarquardtWork(problem, Float64Array.of(1, 1)))).toThrow(/cannot be evaluated/)
  })
})

describe('identifiability', () => {
  const values = Float64Array.of(1, 2, 3)
  const base = { names: ['a', 'b', 'c'], values, sigma: 1e-3, t95: 2, atBound: [false, false, false] }
  /** Row-major 4 x 3 sensitivities from columns. */
  const matrix = (columns: number[][]) =>
    Float64Array.from({ length: 12 }, (_, i) => columns[i % 3]![Math.floor(i / 3)]!)

  it('passes well-determined, independent parameters with their intervals', () => {
    const stats = parameterStatistics({
      ...base,
      sensitivities: matrix([
        [1, 0, 0, 0.1],
        [0, 1, 0, 0.1],
        [0, 0, 1, 0.1],
      ]),
    })
    expect(stats.verdicts.every((v) => v.identifiable)).toBe(true)
    // se(theta_j) = sigma theta_j / |S_j| for orthogonal columns of norm ~1.
    expect(stats.standardErrors[0]).toBeCloseTo(1e-3, 4)
    expect(stats.halfWidths[2]).toBeCloseTo(2 * 3e-3, 4)
  })

  it('flags a column without influence, a collinear pair, a bound and an imprecise parameter', () => {
    const none = parameterStatistics({
      ...base,
      sensitivities: matrix([
        [1, 0, 0, 0],
        [0, 1, 0, 0],
        [0, 0, 0, 1e-9],
      ]),
    })
    expect(none.verdicts[2]).toMatchObject({ identifiable: false, reason: expect.stringMatching(/^no influence/) })
    const collinear = parameterStatistics({
      ...base,
      sensitivities: matrix([
        [1, 1, 1, 1],
        [1, 1, 1, 1.001],
        [0, 1, 0, 0],
      ]),
    })
    expect(collinear.verdicts[0]).toMatchObject({
      identifiable: false,
      reason: expect.stringMatching(/^collinear with b/),
    })
    expect(collinear.verdicts[2]).toEqual({ identifiable: true })
    const bound = parameterStatistics({
      ...base,
      atBound: [false, true, false],
      sensitivities: matrix([
        [1, 0, 0, 0],
        [0, 1, 0, 0],
        [0, 0, 1, 0],
      ]),
    })
    expect(bound.verdicts[1]).toMatchObject({
      identifiable: false,
      reason: expect.stringMatching(/edge of its physical range/),
    })
    const vague = parameterStatistics({
      ...base,
      sigma: 1,
      sensitivities: matrix([
        [1, 0, 0, 0],
        [0, 1, 0, 0],
        [0, 0, 1, 0],
      ]),
    })
    expect(vague.verdicts[0]).toMatchObject({
      identifiable: false,
      reason: expect.stringMatching(/wider than the value/),
    })
  })
})
