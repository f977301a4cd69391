import type { WhatIfRequest } from '../../../../server/contract/twin'

/*
 * A what-if plan as the operator picks it (docs/twin.md "What if"): a controller kind with its default
 * settings, a controller spec as JSON (any settings the run config's `controller` takes, e.g. a
 * Q-learning policy), or for the baseline the controller the run has now.
 */

export const controllerKinds = ['mppt', 'pid', 'fixed'] as const
export type PlanChoice = { kind: (typeof controllerKinds)[number] | 'current' | 'custom'; json: string }
type Plan = NonNullable<WhatIfRequest['baseline']>

/** The plan to send (undefined: the run's current controller), or why the JSON is not a controller spec. */
export function planOf(choice: PlanChoice, what: string): { ok: true; plan?: Plan } | { ok: false; reason: string } {
  if (choice.kind === 'current') return { ok: true }
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
