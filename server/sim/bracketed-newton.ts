/** Newton's method on a decreasing function f with f(lo) >= 0 >= f(hi); bisects when a step leaves the bracket. */
export function solveDecreasing(
  f: (x: number) => number,
  slope: () => number,
  lowIn: number,
  highIn: number,
  guess: number,
): number {
  let lo = lowIn
  let hi = highIn
  // Absolute floor of the tolerance: a root at (or near) zero is found to the bracket's rounding, not to 1e-15 of itself.
  const floor = 1e-16 * (highIn - lowIn)
  let x = guess > lo && guess < hi ? guess : 0.5 * (lo + hi)
  for (let iteration = 0; iteration < 200; iteration += 1) {
    const fx = f(x)
    if (fx === 0) return x
    if (fx > 0) lo = x
    else hi = x
    const d = slope()
    let next = d < 0 ? x - fx / d : 0.5 * (lo + hi)
    if (!(next > lo && next < hi)) next = 0.5 * (lo + hi)
    // Stop at (near) machine precision: the mediator state hangs on the current with a large gain.
    // Return the point f was evaluated at (within the tolerance of `next`): the caller's side state matches it.
    if (
      Math.abs(next - x) <= 1e-15 * Math.max(Math.abs(x), Math.abs(next)) + floor ||
      hi - lo <= 1e-15 * Math.abs(hi) + floor
    )
      return x
    x = next
  }
  return x
}
