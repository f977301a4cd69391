import type { WhatIfRequest } from '../../../../server/contract/twin'

/*
 * A what-if plan as the operator picks it (docs/twin.md "What if"): a controller kind with its default
 * settings, a controller spec as JSON (any settings the run config's `controller` takes, e.g. a
 * Q-learning policy), a saved procedure, or for the baseline the controller the run has now.
 */

export const controllerKinds = ['mppt', 'pid', 'fixed'] as const
export type PlanChoice = {
  kind: (typeof controllerKinds)[number] | 'current' | 'custom' | 'procedure'
  json: string
  /** The saved procedure's id, for `kind: "procedure"`. */
  procedureId?: string | undefined
}
type Plan = NonNullable<WhatIfRequest['baseline']>

/** What "Apply to hardware" does with a plan: start the procedure, or switch the stack's controller. */
export type Application = { kind: 'procedure'; id: string } | { kind: 'controller'; controller: { kind: string } }

/** The plan to send (undefined: the run's current controller), or why the choice cannot be sent. */
export function planOf(choice: PlanChoice, what: string): { ok: true; plan?: Plan } | { ok: false; reason: string } {
  if (choice.kind === 'current') return { ok: true }
  if (choice.kind === 'procedure')
    return choice.procedureId
      ? { ok: true, plan: { procedureId: choice.procedureId } }
      : { ok: false, reason: `${what}: choose a saved procedure` }
  if (choice.kind !== 'custom') return { ok: true, plan: { controller: { kind: choice.kind } } }
  let spec: unknown
  try {
    spec = JSON.parse(choice.json)
  } catch {
    return { ok: false, reason: `${what}: the controller spec is not JSON` }
  }
  if (typeof spec !== 'object' || spec === null || typeof (spec as { kind?: unknown }).kind !== 'string')
    return { ok: false, reason: `${what}: the controller spec needs a "kind" (e.g. {"kind": "pid", ...})` }
  return { ok: true, plan: { controller: spec as Plan['controller'] & object } }
}

/** What applying a sent plan does on the stack; undefined for the current controller (nothing to apply). */
export function applicationOf(plan: Plan | undefined): Application | undefined {
  if (plan?.procedureId) return { kind: 'procedure', id: plan.procedureId }
  if (plan?.controller) return { kind: 'controller', controller: plan.controller }
  return undefined
}
