import type { MqttConfig } from '../config/publish-schema.js'
import type { TelemetryFrame } from '../contract/stream.js'
import type { MetricSpec, MetricValue } from './metric-catalog.js'

/** A metric's value at a time, as queued for the broker. */
export type Sample = { spec: MetricSpec; value: MetricValue }

type Limit = { minIntervalMs: number; deadband: number }

/** Frames come on a timer with jitter: 10 % early still counts, so maxHz = tickHz sends every frame. */
const TIMER_SLACK = 0.9

/**
 * Report by exception with a ceiling (docs/publishing.md "Rates and deadbands"): a metric is sent when its
 * value moved past its deadband since the value last sent, and no sooner than 1/maxHz after that send.
 * A change held back by the rate goes out with the first frame the rate allows, so a level that stays
 * changed is never lost; a change that reverts within one interval may be.
 */
export function createRateFilter(rates: MqttConfig['rates']) {
  const limits = new Map<string, Limit>()
  const limitOf = (spec: MetricSpec): Limit => {
    let limit = limits.get(spec.channel)
    if (!limit) {
      const own = rates.channels[spec.channel]
      const maxHz = own?.maxHz ?? rates.maxHz
      limit = {
        minIntervalMs: maxHz === 0 ? 0 : (TIMER_SLACK * 1000) / maxHz,
        deadband: own?.deadband ?? rates.deadband,
      }
      limits.set(spec.channel, limit)
    }
    return limit
  }
  const last = new Map<string, { value: MetricValue; atMs: number }>()

  const moved = (previous: MetricValue, value: MetricValue, deadband: number) => {
    if (typeof previous !== 'number' || typeof value !== 'number') return previous !== value
    if (Number.isNaN(previous) || Number.isNaN(value)) return !(Number.isNaN(previous) && Number.isNaN(value))
    return Math.abs(value - previous) > deadband || (deadband === 0 && value !== previous)
  }

  return {
    /** The samples of `frame` that are due, remembered as sent. */
    due(frame: TelemetryFrame, catalog: readonly MetricSpec[]): Sample[] {
      const now = frame.wallTimeMs
      const due: Sample[] = []
      for (const spec of catalog) {
        const value = spec.read(frame)
        const sent = last.get(spec.key)
        const limit = limitOf(spec)
        if (sent && (now - sent.atMs < limit.minIntervalMs || !moved(sent.value, value, limit.deadband))) continue
        last.set(spec.key, { value, atMs: now })
        due.push({ spec, value })
      }
      return due
    },
  }
}
