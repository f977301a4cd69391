/** A limit on one measured value: raise beyond `threshold`, clear only back past it by `deadband`. */
export type Limit = {
  when: 'below' | 'above'
  threshold: number
  /** Hysteresis: a value hovering at the threshold cannot make the alarm flap (ISA-18.2 deadband). */
  deadband: number
  /** The condition must hold this long before the alarm is raised (process seconds). */
  onDelayS: number
  /** The value must stay back inside the deadband this long before the alarm clears. */
  offDelayS: number
}

export type ConditionChange = 'raised' | 'cleared' | undefined

/**
 * One alarm condition evaluated on a stream of samples (pure: time is the sample's process time). Used by
 * the alarms module and by anything else that acts on a limit with hysteresis and delays.
 */
export function createCondition(limit: Limit) {
  let active = false
  let since: number | undefined
  const beyond = (value: number) => (limit.when === 'below' ? value < limit.threshold : value > limit.threshold)
  const back = (value: number) =>
    limit.when === 'below' ? value > limit.threshold + limit.deadband : value < limit.threshold - limit.deadband
  return {
    get active() {
      return active
    },
    /** Feeds one sample; a missing value (a channel the source does not measure) changes nothing. */
    update(value: number | undefined, timeS: number): ConditionChange {
      if (value === undefined || !Number.isFinite(value)) return undefined
      const moving = active ? back(value) : beyond(value)
      if (!moving) {
        since = undefined
        return undefined
      }
      since ??= timeS
      if (timeS - since < (active ? limit.offDelayS : limit.onDelayS)) return undefined
      active = !active
      since = undefined
      return active ? 'raised' : 'cleared'
    },
    /** Back to normal without an event (a new run starts from scratch). */
    reset(): void {
      active = false
      since = undefined
    },
  }
}

export type Condition = ReturnType<typeof createCondition>
