/**
 * Collects items and hands them over together once per animation frame (docs/operator-ui.md "Pilot-scale
 * stacks"): a burst of stream messages becomes one store update. A hidden tab runs no animation frames, so a
 * timer flushes too (browsers slow it to about once a second there, which still keeps the title's count).
 */
export function createFrameBatch<T>(flush: (items: T[]) => void, fallbackMs = 100): (item: T) => void {
  let pending: T[] = []
  let frame: number | undefined
  let timer: ReturnType<typeof setTimeout> | undefined
  const run = () => {
    if (frame !== undefined && typeof cancelAnimationFrame === 'function') cancelAnimationFrame(frame)
    clearTimeout(timer)
    frame = timer = undefined
    const items = pending
    pending = []
    flush(items)
  }
  return (item) => {
    pending.push(item)
    if (timer !== undefined) return
    timer = setTimeout(run, fallbackMs)
    if (typeof requestAnimationFrame === 'function') frame = requestAnimationFrame(run)
  }
}
