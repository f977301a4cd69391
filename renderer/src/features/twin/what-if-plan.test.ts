import { describe, expect, it } from 'vitest'
import { applicationOf, planOf } from './what-if-plan'

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

describe('what-if plans of saved procedures', () => {
  it('sends the procedure id, and applies it by starting the procedure', () => {
    const sent = planOf({ kind: 'procedure', json: '', procedureId: 'steps' }, 'Candidate')
    expect(sent).toEqual({ ok: true, plan: { procedureId: 'steps' } })
    expect(applicationOf(sent.ok ? sent.plan : undefined)).toEqual({ kind: 'procedure', id: 'steps' })
    expect(applicationOf({ controller: { kind: 'mppt' } })).toEqual({
      kind: 'controller',
      controller: { kind: 'mppt' },
    })
    expect(applicationOf(undefined)).toBeUndefined()
  })

  it('asks for a procedure when none is chosen', () => {
    expect(planOf({ kind: 'procedure', json: '' }, 'Baseline')).toEqual({
      ok: false,
      reason: 'Baseline: choose a saved procedure',
    })
  })
})
