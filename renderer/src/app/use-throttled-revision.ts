import { useEffect, useState } from 'react'
import { useTelemetry } from '../store/telemetry'

/**
 * The telemetry revision, sampled every `intervalMs` starting `offsetMs` from now. Frames arrive at
 * 10 Hz; heavy views (charts, sparklines) redraw at their own pace, and views given different offsets
 * redraw in different tasks instead of all in one. Not a transition: recharts re-renders synchronously
 * from its own store anyway, and concurrent transitions would batch several charts into one commit.
 */
export function useThrottledRevision(intervalMs: number, offsetMs = 0): number {
  const [revision, setRevision] = useState(() => useTelemetry.getState().revision)
  useEffect(() => {
    let interval: ReturnType<typeof setInterval> | undefined
    // An unchanged revision sets the same state: React skips the render.
    const sample = () => setRevision(useTelemetry.getState().revision)
    const start = setTimeout(() => {
      sample()
      interval = setInterval(sample, intervalMs)
    }, offsetMs)
    return () => {
      clearTimeout(start)
      clearInterval(interval)
    }
  }, [intervalMs, offsetMs])
  return revision
}
