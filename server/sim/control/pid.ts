import { meanPresent, type Controller } from './controller.js'

export type PidSettings = {
  actuator: 'feed' | 'dosing'
  /** Gains on the substrate error in mg/L; the output is in L/d (feed) or mg/d (dosing). */
  kp: number
  /** Integral gain per second of error, derivative gain in seconds. */
  ki: number
  kd: number
  periodS: number
  outputMin: number
  outputMax: number
}

/**
 * PID on the mean measured anode substrate. Positional form with the bias taken from the actuator
 * at the first decision (bumpless switch-over from another controller), derivative on the measurement
 * (no kick when the setpoint moves), and anti-windup by conditional integration: the integral only
 * moves while the output is unsaturated or the error drives it back inside the limits.
 */
export function createPidController(settings: PidSettings): Controller {
  let integral: number | undefined
  let previous: number | undefined
  let held: number | undefined
  return {
    kind: 'pid',
    periodS: settings.periodS,
    decide(observation) {
      const current =
        settings.actuator === 'feed' ? observation.actuators.feedLPerDay : observation.actuators.dosingMgPerDay
      const measured = meanPresent(observation.substrateMgL) ?? previous // a full dropout holds the last reading
      if (measured === undefined) return {}
      const error = observation.substrateTargetMgL - measured
      integral ??= current - settings.kp * error
      const derivative = previous === undefined ? 0 : -(measured - previous) / settings.periodS
      previous = measured
      const unclamped = settings.kp * error + integral + settings.kd * derivative
      const output = Math.min(settings.outputMax, Math.max(settings.outputMin, unclamped))
      const pushingOut = (unclamped > settings.outputMax && error > 0) || (unclamped < settings.outputMin && error < 0)
      if (!pushingOut) integral += settings.ki * error * settings.periodS
      integral = Math.min(settings.outputMax, Math.max(settings.outputMin, integral))
      if (output === held) return {}
      held = output
      return settings.actuator === 'feed' ? { feedLPerDay: output } : { dosingMgPerDay: output }
    },
  }
}
