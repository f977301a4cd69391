import { useEffect, useState } from 'react'
import type { StoreApi, UseBoundStore } from 'zustand'

/**
 * A store value sampled every `intervalMs` starting `offsetMs` from now, instead of on every change.
 * Frames arrive at 10 Hz; heavy views (charts, heatmaps) redraw at their own pace, and views given
 * different offsets redraw in different tasks instead of all in one. Not a transition: recharts
 * re-renders synchronously from its own store anyway, and concurrent transitions would batch several
 * charts into one commit.
 */
export function useSampled<S, T>(
  store: UseBoundStore<StoreApi<S>>,
  select: (state: S) => T,
  intervalMs: number,
  offsetMs = 0,
): T {
  const [value, setValue] = useState(() => select(store.getState()))
  useEffect(() => {
    let interval: ReturnType<typeof setInterval> | undefined
    // An unchanged value sets the same state: React skips the render.
    const sample = () => setValue(select(store.getState()))
    const start = setTimeout(() => {
      sample()
      interval = setInterval(sample, intervalMs)
    }, offsetMs)
    return () => {
      clearTimeout(start)
      clearInterval(interval)
    }
    // `select` is read at each tick; a new function identity each render must not restart the clock.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [store, intervalMs, offsetMs])
  return value
}

/**
 * A store's state, re-rendered `delayMs` after each change rather than with it: components that
 * follow one clock with different delays render the same state in different tasks.
 */
export function useStaggered<S>(store: UseBoundStore<StoreApi<S>>, delayMs: number): S {
  const [state, setState] = useState(() => store.getState())
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined
    const unsubscribe = store.subscribe((next) => {
      clearTimeout(timer)
      timer = setTimeout(() => setState(next), delayMs)
    })
    return () => {
      unsubscribe()
      clearTimeout(timer)
    }
  }, [store, delayMs])
  return state
}
