import type { ProcedureStep } from '../contract/procedures.js'
import { sweepLoads } from './sweep.js'

const ohmText = (ohm: number | 'open') => (ohm === 'open' ? 'open circuit' : `${ohm} Ω`)

/** A step as the progress and the run's events name it. */
export function stepName(step: ProcedureStep): string {
  switch (step.kind) {
    case 'setLoad':
      return `set load ${ohmText(step.ohm)}`
    case 'setFeed':
      return `set feed ${step.lPerDay} L/d`
    case 'switchController':
      return `switch controller to ${step.controller.kind}`
    case 'wait':
      return `wait ${step.durationS} s`
    case 'polarizationSweep':
      return `polarization sweep ${sweepLoads(step).map(ohmText).join(', ')}, ${step.dwellS} s each`
    case 'repeat':
      return step.dailyAt === undefined ? `repeat every ${step.everyS} s` : `repeat daily at ${step.dailyAt}`
  }
}

/** How long a step takes once started, in ms of the procedure's time (instant steps take none). */
export function stepDurationMs(step: ProcedureStep): number {
  if (step.kind === 'wait') return step.durationS * 1000
  if (step.kind === 'polarizationSweep') return sweepLoads(step).length * step.dwellS * 1000
  return 0
}
