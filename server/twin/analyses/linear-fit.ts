/** A straight line y = intercept + slope x fitted by least squares, and its coefficient of determination. */
export type LineFit = { slope: number; intercept: number; rSquared: number; points: number }

/** Running sums of x, y, x^2, y^2 and xy: any window's fit in O(1) from two prefixes. */
export type PrefixSums = { n: number[]; x: number[]; y: number[]; xx: number[]; yy: number[]; xy: number[] }

export function prefixSums(xs: readonly number[], ys: readonly number[]): PrefixSums {
  const sums: PrefixSums = { n: [0], x: [0], y: [0], xx: [0], yy: [0], xy: [0] }
  xs.forEach((x, i) => {
    const y = ys[i] as number
    sums.n.push(i + 1)
    sums.x.push((sums.x[i] as number) + x)
    sums.y.push((sums.y[i] as number) + y)
    sums.xx.push((sums.xx[i] as number) + x * x)
    sums.yy.push((sums.yy[i] as number) + y * y)
    sums.xy.push((sums.xy[i] as number) + x * y)
  })
  return sums
}

/** The fit of points [from, to) from the prefix sums; R^2 is 1 for a constant y that the line meets exactly. */
export function windowFit(sums: PrefixSums, from: number, to: number): LineFit {
  const at = (key: keyof PrefixSums) => (sums[key][to] as number) - (sums[key][from] as number)
  const n = to - from
  const sxx = at('xx') - (at('x') * at('x')) / n
  const syy = at('yy') - (at('y') * at('y')) / n
  const sxy = at('xy') - (at('x') * at('y')) / n
  const slope = sxx > 0 ? sxy / sxx : 0
  const intercept = (at('y') - slope * at('x')) / n
  const rSquared = syy > 0 && sxx > 0 ? (sxy * sxy) / (sxx * syy) : 1
  return { slope, intercept, rSquared, points: n }
}
