import { useState, type FormEvent } from 'react'
import type { SavedProcedure } from '../../../../server/contract/procedures'
import type { WhatIfRequest, WhatIfResult } from '../../../../server/contract/twin'
import { OutcomeNote } from '../../app/OutcomeNote'
import { TextField } from '../../app/TextField'
import { useChange } from '../../app/use-change'
import type { Outcome } from '../../store/change-runner'
import { PlanPicker } from './PlanPicker'
import { RequestProblem } from './RequestProblem'
import type { TwinApi } from './twin-api'
import { useRequest } from './use-request'
import { WhatIfOutcomes } from './WhatIfOutcomes'
import { applicationOf, planOf, type Application, type PlanChoice } from './what-if-plan'

/** Starts a procedure or switches the stack's controller; absent for a user not allowed to. */
export type ApplyPlan = (application: Application) => Promise<Outcome>

const confirmation = (application: Application, label: string) =>
  application.kind === 'procedure'
    ? {
        title: `Start ${label}`,
        body: 'Start this procedure on the stack? It takes over the load; the interlocks apply (the twin did not model them).',
        confirmLabel: 'Start',
      }
    : {
        title: `Switch to ${application.controller.kind}?`,
        body: `Switch the stack's controller to ${label}, as tried on the twin?`,
        confirmLabel: 'Switch controller',
      }

/** "Apply to hardware": the candidate the operator just compared, with the usual confirmation. */
function ApplyCandidate(props: { sent: WhatIfRequest['candidate']; label: string; apply: ApplyPlan }) {
  const { outcome, apply } = useChange()
  const application = applicationOf(props.sent)
  if (!application) return null
  return (
    <div className="form-row">
      <button
        type="button"
        className="button button--primary"
        onClick={() => void apply(confirmation(application, props.label), () => props.apply(application))}
      >
        {`Apply ${props.label} to hardware`}
      </button>
      <OutcomeNote outcome={outcome} />
    </div>
  )
}

/**
 * "What if" (docs/twin.md "What if"): a candidate controller or saved procedure on the twin from its
 * current state, against a baseline; then, for a user allowed to, applying the candidate to the stack.
 */
export function WhatIfPanel(props: { api: TwinApi; procedures: readonly SavedProcedure[]; apply?: ApplyPlan }) {
  const { api, procedures } = props
  const [candidate, setCandidate] = useState<PlanChoice>({ kind: 'mppt', json: '' })
  const [baseline, setBaseline] = useState<PlanChoice>({ kind: 'current', json: '' })
  const [days, setDays] = useState('3')
  const [result, setResult] = useState<{ sent: WhatIfRequest['candidate']; answer: WhatIfResult }>()
  const { problem, setProblem, busy, send } = useRequest()
  const submit = async (event: FormEvent) => {
    event.preventDefault()
    const [tried, against] = [planOf(candidate, 'Candidate'), planOf(baseline, 'Baseline')]
    if (!tried.ok) return setProblem(tried.reason)
    if (!against.ok) return setProblem(against.reason)
    const sent = tried.plan ?? {}
    const body = {
      horizonS: Number(days) * 86_400,
      candidate: sent,
      ...(against.plan ? { baseline: against.plan } : {}),
    }
    await send(
      () => api.whatIf(body),
      (answer) => setResult({ sent, answer }),
    )
  }
  return (
    <section className="panel" aria-labelledby="what-if-title">
      <h2 id="what-if-title">What if</h2>
      <form onSubmit={(e) => void submit(e)} data-testid="what-if-form">
        <PlanPicker legend="Candidate" choice={candidate} onChange={setCandidate} procedures={procedures} />
        <PlanPicker legend="Against" choice={baseline} onChange={setBaseline} procedures={procedures} current />
        <div className="form-row">
          <TextField label="For (days)" value={days} onChange={setDays} inputMode="decimal" />
          <button type="submit" className="button" disabled={busy}>
            {busy ? 'Running on the twin…' : 'Try on the twin'}
          </button>
        </div>
      </form>
      <RequestProblem problem={problem} />
      {result && (
        <>
          <WhatIfOutcomes result={result.answer} />
          {props.apply && (
            <ApplyCandidate sent={result.sent} label={result.answer.candidate.label} apply={props.apply} />
          )}
        </>
      )}
    </section>
  )
}
