import { useSampled } from './use-sampled'
import { useTelemetry } from '../store/telemetry'

/** The telemetry revision sampled every `intervalMs` from `offsetMs` on (see useSampled). */
export function useThrottledRevision(intervalMs: number, offsetMs = 0): number {
  return useSampled(useTelemetry, (s) => s.revision, intervalMs, offsetMs)
}
