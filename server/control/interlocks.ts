import { createCondition, type Condition } from '../alarms/condition.js'
import type { InterlockRule } from '../config/control-schema.js'
import type { InterlockStatus } from '../contract/control.js'
import type { InterlockState, TelemetryFrame, TelemetrySource } from '../contract/stream.js'

/** What the actuators say besides the frame: ids of those out of tolerance and of those failed. */
export type ActuatorFacts = { mismatched: readonly string[]; failed: readonly string[] }

export type InterlockChange = {
  rule: InterlockRule
  action: 'tripped' | 'cleared' | 'acknowledged' | 'released'
  state: InterlockState
  by: string | null
}

/** Whether a rule's condition holds on this frame, and what it saw; undefined: nothing to say (no data). */
type Evaluation = { active: boolean; cause: string } | undefined

function limitEvaluator(rule: InterlockRule & { condition: { kind: 'limit' } }) {
  const conditions = new Map<number, Condition>()
  const { condition } = rule
  return (frame: TelemetryFrame): Evaluation => {
    const subjects = condition.subject === 'cell' ? frame.cells.length : 1
    let cause: string | undefined
    for (let index = 0; index < subjects; index += 1) {
      const sample = (condition.subject === 'cell' ? frame.cells[index] : frame.stack) as Record<string, unknown>
      const value = sample?.[condition.channel]
      let watched = conditions.get(index)
      if (!watched) conditions.set(index, (watched = createCondition(condition)))
      watched.update(typeof value === 'number' ? value : undefined, frame.simTimeS)
      const subject = condition.subject === 'cell' ? `cell ${index + 1}` : 'stack'
      const shown = typeof value === 'number' ? String(value) : '–'
      if (watched.active && cause === undefined) cause = `${subject} ${condition.channel} = ${shown}`
    }
    return { active: cause !== undefined, cause: cause ?? '' }
  }
}

/** The stack's pH outside [min, max]: two limits, each with the deadband and delays (ISA-18.2 hysteresis). */
function phEvaluator(condition: { min: number; max: number; deadband: number; onDelayS: number; offDelayS: number }) {
  const { deadband, onDelayS, offDelayS } = condition
  const limits = [
    createCondition({ when: 'below', threshold: condition.min, deadband, onDelayS, offDelayS }),
    createCondition({ when: 'above', threshold: condition.max, deadband, onDelayS, offDelayS }),
  ]
  return (frame: TelemetryFrame): Evaluation => {
    const { ph } = frame.stack
    for (const limit of limits) limit.update(ph, frame.simTimeS)
    const active = limits.some((limit) => limit.active)
    return { active, cause: ph === undefined ? 'no pH reading' : `stack pH = ${ph}` }
  }
}

function staleEvaluator(afterS: number) {
  let lastCompleteMs: number | undefined
  return (frame: TelemetryFrame): Evaluation => {
    const missing = frame.cells.findIndex((cell) => cell.voltageV === undefined)
    // Counted from the first frame: a device that never answered is as stale as one that stopped.
    if (missing < 0 || lastCompleteMs === undefined) lastCompleteMs = frame.wallTimeMs
    const silentS = (frame.wallTimeMs - lastCompleteMs) / 1000
    return { active: silentS > afterS, cause: `cell ${missing + 1} voltageV absent for ${silentS.toFixed(1)} s` }
  }
}

function factEvaluator(pick: (facts: ActuatorFacts) => readonly string[], what: string, onDelayS: number) {
  let sinceMs: number | undefined
  return (frame: TelemetryFrame, facts: ActuatorFacts): Evaluation => {
    const ids = pick(facts)
    if (ids.length === 0) sinceMs = undefined
    else sinceMs ??= frame.wallTimeMs
    const active = sinceMs !== undefined && frame.wallTimeMs - sinceMs >= onDelayS * 1000
    return { active, cause: `${what}: ${ids.join(', ')}` }
  }
}

function evaluatorOf(rule: InterlockRule): (frame: TelemetryFrame, facts: ActuatorFacts) => Evaluation {
  const { condition } = rule
  switch (condition.kind) {
    case 'limit':
      return limitEvaluator(rule as InterlockRule & { condition: { kind: 'limit' } })
    case 'stale':
      return staleEvaluator(condition.afterS)
    case 'read-back-mismatch':
      return factEvaluator((facts) => facts.mismatched, 'read-back differs from command', condition.onDelayS)
    case 'actuator-failed':
      return factEvaluator((facts) => facts.failed, 'actuator failed', 0)
    case 'ph':
      return phEvaluator(condition)
  }
}

function armedStatus(rule: InterlockRule): InterlockStatus {
  return {
    ...{ id: rule.id, state: 'armed', message: rule.message, actions: [...rule.actions] },
    ...{ resume: rule.resume, cause: null, sinceMs: 0, trips: 0, acknowledgedBy: null, acknowledgedAtMs: null },
  }
}

/**
 * The interlocks' state machine (docs/control.md "Interlocks", Bluesky-suspender style): evaluated on every
 * frame; armed -> tripped when the condition holds; released when it cleared (limits with their deadband
 * and off delay) and, for `resume: acknowledge`, an operator acknowledged. Pure: the module acts on changes.
 */
export function createInterlocks(rules: readonly InterlockRule[], source: TelemetrySource) {
  const entries = rules
    .filter((rule) => rule.sources.includes(source))
    .map((rule) => ({
      rule,
      evaluate: evaluatorOf(rule),
      status: armedStatus(rule),
    }))
  type Entry = (typeof entries)[number]
  const enter = (entry: Entry, state: InterlockState, atMs: number) => {
    entry.status.state = state
    entry.status.sinceMs = atMs
  }
  const step = (entry: Entry, evaluation: Evaluation, atMs: number): InterlockChange | undefined => {
    if (!evaluation) return undefined
    const { status, rule } = entry
    if (evaluation.active && status.state !== 'tripped') {
      enter(entry, 'tripped', atMs)
      Object.assign(status, { cause: evaluation.cause, trips: status.trips + 1 })
      Object.assign(status, { acknowledgedBy: null, acknowledgedAtMs: null })
      return { rule, action: 'tripped', state: 'tripped', by: null }
    }
    if (evaluation.active || status.state !== 'tripped') return undefined
    if (rule.resume === 'acknowledge' && status.acknowledgedBy === null) {
      enter(entry, 'awaiting-acknowledge', atMs)
      return { rule, action: 'cleared', state: 'awaiting-acknowledge', by: null }
    }
    enter(entry, 'armed', atMs)
    status.cause = null
    return { rule, action: 'released', state: 'armed', by: null }
  }
  return {
    evaluate(frame: TelemetryFrame, facts: ActuatorFacts): InterlockChange[] {
      const changes: InterlockChange[] = []
      for (const entry of entries) {
        const change = step(entry, entry.evaluate(frame, facts), frame.wallTimeMs)
        if (change) changes.push(change)
      }
      return changes
    },
    /** An operator's acknowledgement: recorded on a tripped interlock, releases one waiting for it. */
    acknowledge(id: string, by: string, atMs: number): InterlockChange | undefined {
      const entry = entries.find((candidate) => candidate.rule.id === id)
      if (!entry) return undefined
      const { status, rule } = entry
      if (status.state === 'armed') return { rule, action: 'acknowledged', state: 'armed', by }
      Object.assign(status, { acknowledgedBy: by, acknowledgedAtMs: atMs })
      if (status.state === 'tripped') return { rule, action: 'acknowledged', state: 'tripped', by }
      enter(entry, 'armed', atMs)
      status.cause = null
      return { rule, action: 'released', state: 'armed', by }
    },
    /** Rules not armed (tripped or waiting) that hold the controller. */
    holding: (): string[] =>
      entries
        .filter((entry) => entry.status.state !== 'armed' && entry.rule.actions.includes('hold-controller'))
        .map((entry) => entry.rule.id),
    list: (): InterlockStatus[] => entries.map((entry) => ({ ...entry.status, actions: [...entry.status.actions] })),
  }
}
export type Interlocks = ReturnType<typeof createInterlocks>
