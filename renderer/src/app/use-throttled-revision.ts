import { useEffect, useState } from 'react'
import { useTelemetry } from '../store/telemetry'

/**
 * The telemetry revision, at most once per `intervalMs`. Frames arrive at 10 Hz; heavy views (charts,
 * sparklines) redraw at their own pace so one frame never costs a full redraw of every chart.
 */
export function useThrottledRevision(intervalMs: number): number {
  const [revision, setRevision] = useState(() => useTelemetry.getState().revision)
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined
    const unsubscribe = useTelemetry.subscribe(() => {
      timer ??= setTimeout(() => {
        timer = undefined
        setRevision(useTelemetry.getState().revision)
      }, intervalMs)
    })
    return () => {
      unsubscribe()
      clearTimeout(timer)
    }
  }, [intervalMs])
  return revision
}
