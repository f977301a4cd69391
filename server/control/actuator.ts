import type { Clock } from '../clock.js'
import type { ActuatorStatus } from '../contract/control.js'
import type { Actuation } from '../instruments/actuation.js'
import type { ActuatorMapping } from '../instruments/actuator-map.js'

export type ActuatorDeps = {
  actuation: Pick<Actuation, 'write' | 'commanded' | 'measured'>
  clock: Clock
  /** Retries after a failed write, and the first backoff (doubling after each retry). */
  retries: number
  backoffMs: number
}

/** The limits of an actuator in its own unit: [min, max], and the value it is left at when it must be safe. */
export function limitsOf(mapping: ActuatorMapping): { min: number; max: number; safe: number } {
  switch (mapping.kind) {
    case 'resistance':
      return { min: mapping.config.minOhm, max: mapping.config.maxOhm, safe: mapping.config.safeOhm }
    case 'pump':
      return mapping.config.mode === 'on-off'
        ? { min: 0, max: 1, safe: mapping.config.safeLPerDay > 0 ? 1 : 0 }
        : { min: mapping.config.minLPerDay, max: mapping.config.maxLPerDay, safe: mapping.config.safeLPerDay }
    case 'disconnect':
      return { min: 0, max: 1, safe: 1 }
  }
}

/**
 * The resistor bank's value nearest to `ohm` by ratio (a bank is usually spaced by decades or E-series, so
 * 470 is nearer 330 than 1000 is), or, when that is `current` and the caller asked to move, the
 * neighbour in the asked direction: a perturb-and-observe step smaller than the bank's spacing still moves.
 */
export function snapToBank(values: readonly number[], ohm: number, current: number | undefined): number {
  const sorted = [...values].sort((a, b) => a - b)
  let best = sorted[0]!
  for (const value of sorted) if (Math.abs(Math.log(value / ohm)) < Math.abs(Math.log(best / ohm))) best = value
  if (current === undefined || best !== current || ohm === current) return best
  const index = sorted.indexOf(best)
  const next = ohm > current ? sorted[index + 1] : sorted[index - 1]
  return next ?? best
}

/**
 * A continuous or banked actuator's value for a request: within [min, max], on the bank (off `current`
 * toward the request, snapToBank), and never below `floor` (the bank's next value up, else max).
 */
export function boundedTarget(
  value: number,
  within: { min: number; max: number; bank: readonly number[] | undefined; floor: number },
  current: number | undefined,
): number {
  const { min, max, bank, floor } = within
  const clamped = Math.min(max, Math.max(min, floor, value))
  if (!bank) return clamped
  const snapped = snapToBank(bank, clamped, current)
  if (snapped >= floor) return snapped
  return [...bank].sort((a, b) => a - b).find((entry) => entry >= floor) ?? max
}

const sleep = (clock: Clock, ms: number) => new Promise<void>((resolve) => clock.setTimeout(resolve, ms))

/**
 * One actuator (docs/control.md "Actuators"): a value is clamped to the limits and snapped to a bank,
 * written, retried with backoff when the write fails, and the actuator is marked failed after the last
 * retry (the interlock policy applies); the next good write clears it. Read-back is compared with what
 * was commanded, within the configured tolerance.
 */
export function createActuator(mapping: ActuatorMapping, deps: ActuatorDeps) {
  const limits = limitsOf(mapping)
  const bank = mapping.kind === 'resistance' ? mapping.config.values : undefined
  const status = { state: 'ok' as ActuatorStatus['state'], writes: 0, failures: 0, lastError: null as string | null }

  /** The value a request becomes: within the limits, on the bank, and never below `floor`. */
  const target = (value: number, floor = -Infinity): number => {
    if (mapping.kind === 'disconnect' || (mapping.kind === 'pump' && mapping.config.mode === 'on-off'))
      return Math.min(limits.max, Math.max(limits.min, floor, value)) > 0 ? 1 : 0
    return boundedTarget(value, { ...limits, bank, floor }, deps.actuation.commanded(mapping.id))
  }

  const mismatch = (): boolean => {
    const commanded = deps.actuation.commanded(mapping.id)
    const measured = deps.actuation.measured(mapping.id)
    if (commanded === undefined || measured === undefined || status.state !== 'ok') return false
    return Math.abs(measured - commanded) > mapping.tolerance * Math.max(Math.abs(commanded), Number.EPSILON)
  }

  return {
    mapping,
    limits,
    target,
    mismatch,
    failed: () => status.state === 'failed',
    /** Writes `value` (already a target) with retries; resolves false once the actuator is marked failed. */
    async write(value: number): Promise<boolean> {
      for (let attempt = 0; ; attempt += 1) {
        try {
          await deps.actuation.write(mapping.id, value)
          status.writes += 1
          status.state = 'ok'
          return true
        } catch (error) {
          status.failures += 1
          status.lastError = (error as Error).message
          if (attempt >= deps.retries) {
            status.state = 'failed'
            return false
          }
          status.state = 'retrying'
          await sleep(deps.clock, deps.backoffMs * 2 ** attempt)
        }
      }
    },
    status(): ActuatorStatus {
      const unit = mapping.kind === 'resistance' ? 'ohm' : mapping.kind === 'disconnect' ? 'on/off' : 'L/day'
      const binary = unit === 'on/off' || (mapping.kind === 'pump' && mapping.config.mode === 'on-off')
      return {
        ...{ id: mapping.id, kind: mapping.kind, device: mapping.device, address: mapping.address, cell: mapping.cell },
        ...{ unit: binary ? 'on/off' : unit, min: limits.min, max: limits.max, safe: limits.safe },
        values: bank ? [...bank].sort((a, b) => a - b) : null,
        commanded: deps.actuation.commanded(mapping.id) ?? null,
        measured: deps.actuation.measured(mapping.id) ?? null,
        mismatch: mismatch(),
        ...status,
      }
    },
  }
}
export type Actuator = ReturnType<typeof createActuator>
