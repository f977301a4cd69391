import type { RunConfig } from './run-config.js'
import type { Fault, SensorChannel } from './run-config-parts.js'
import type { Random } from './random.js'

export type SensorSpec = RunConfig['sensors']['voltage']

/** Sensor faults active on one instrument right now (level-triggered from the fault book). */
export type SensorFaultState = { stuck: boolean; extraDriftPerDay: number }

/**
 * One instrument: first-order lag and dead time (a substrate probe answers late and smoothed), drift
 * that accumulates over time, Gaussian noise, random dropouts (null) and, under a fault, a stuck value.
 */
export function createSensor(spec: SensorSpec, random: Random) {
  let filtered: number | undefined
  let lastTimeS = 0
  let offset = 0
  let held: number | null = null
  const history: Array<{ timeS: number; value: number }> = []
  return {
    read(trueValue: number, timeS: number, fault: SensorFaultState): number | null {
      const dtS = Math.max(timeS - lastTimeS, 0)
      lastTimeS = timeS
      offset += ((spec.driftPerDay + fault.extraDriftPerDay) * dtS) / 86_400
      filtered =
        filtered === undefined || spec.lagS === 0
          ? trueValue
          : filtered + (trueValue - filtered) * (1 - Math.exp(-dtS / spec.lagS))
      history.push({ timeS, value: filtered })
      // Dead time: the newest sample at least `delayS` old (the oldest one until the probe has filled).
      while (history.length > 1 && (history[1] as { timeS: number }).timeS <= timeS - spec.delayS) history.shift()
      const delayed = (history[0] as { value: number }).value
      if (fault.stuck) return held
      const noise = spec.noiseStd > 0 ? spec.noiseStd * random.normal() : 0
      const dropped = spec.dropoutProbability > 0 && random.next() < spec.dropoutProbability
      const reading = dropped ? null : delayed + offset + noise
      if (reading !== null) held = reading
      return reading
    },
  }
}

export type Sensor = ReturnType<typeof createSensor>

/** The sensor faults in `active` that hit `channel` on `cell` (a fault without a cell hits them all). */
export function sensorFaultState(
  active: readonly Fault[],
  channel: SensorChannel,
  cell: number | undefined,
): SensorFaultState {
  let stuck = false
  let extraDriftPerDay = 0
  for (const fault of active) {
    if ((fault.kind !== 'sensor-stuck' && fault.kind !== 'sensor-drift') || fault.channel !== channel) continue
    if (fault.cell !== undefined && cell !== undefined && fault.cell !== cell) continue
    if (fault.kind === 'sensor-stuck') stuck = true
    else extraDriftPerDay += fault.ratePerDay
  }
  return { stuck, extraDriftPerDay }
}
