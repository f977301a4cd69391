import { describe, expect, it } from 'vitest'
import { planOf } from './what-if-plan'

describe('what-if plans', () => {
  it('sends a kind with its defaults, a JSON spec as given, nothing for the current controller', () => {
    expect(planOf({ kind: 'mppt', json: '' }, 'Candidate')).toEqual({
      ok: true,
      plan: { controller: { kind: 'mppt' } },
    })
    expect(planOf({ kind: 'current', json: '' }, 'Baseline')).toEqual({ ok: true })
    expect(planOf({ kind: 'custom', json: '{"kind":"pid","kp":2}' }, 'Baseline')).toEqual({
      ok: true,
      plan: { controller: { kind: 'pid', kp: 2 } },
    })
  })

  it('names what is wrong with a JSON spec', () => {
    expect(planOf({ kind: 'custom', json: '{kind' }, 'Baseline')).toEqual({
      ok: false,
      reason: 'Baseline: the controller spec is not JSON',
    })
    expect(planOf({ kind: 'custom', json: '[1]' }, 'Candidate')).toMatchObject({ ok: false, reason: /needs a "kind"/ })
  })
})
