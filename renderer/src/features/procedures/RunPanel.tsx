import { OutcomeNote } from '../../app/OutcomeNote'
import { useChange } from '../../app/use-change'
import { useNow } from '../../app/use-now'
import { useCan, useProcedures } from '../../store'
import { durationText } from './step-fields'

const counting = new Set(['running', 'waiting'])

/** The procedure driving the stack: state, step k of n, time left counting down, pause/resume/abort. */
export function RunPanel() {
  const progress = useProcedures((s) => s.progress)
  const atMs = useProcedures((s) => s.progressAtMs)
  const control = useProcedures((s) => s.control)
  const canOperate = useCan('instruments:operate')
  const { outcome, apply } = useChange()
  const now = useNow(1000)
  if (!progress || progress.state === 'idle')
    return (
      <section className="panel" aria-labelledby="procedure-run-title">
        <h2 id="procedure-run-title">Running procedure</h2>
        <p className="muted">No procedure has run since the station started.</p>
      </section>
    )
  // Between events the page counts down itself; on the simulation the station's time may run faster.
  const elapsedS = counting.has(progress.state) ? Math.max(0, (now - atMs) / 1000) : 0
  const left = (value: number | null) => (value === null ? null : Math.max(0, value - elapsedS))
  const active = !['finished', 'aborted', 'failed'].includes(progress.state)
  /** A paused procedure resumes; a running one pauses (its step time stops). */
  const holdOrGo: ['pause' | 'resume', string] =
    progress.state === 'paused'
      ? ['resume', 'Continue the procedure where it paused?']
      : ['pause', 'Pause the procedure? Its step time stops.']
  const ask = (action: 'pause' | 'resume' | 'abort', body: string) =>
    void apply(
      { title: `${action[0]!.toUpperCase()}${action.slice(1)} ${progress.name ?? ''}`, body, confirmLabel: action },
      () => control(action),
    )
  const facts: Array<[string, string | number, string | undefined]> = [
    ['State', progress.state, 'procedure-state'],
    ['Step', `step ${progress.step} of ${progress.steps}: ${progress.stepName ?? ''}`, 'procedure-step'],
    ['Time left in the step', durationText(left(progress.stepTimeLeftS)), undefined],
    ['Time left in the procedure', durationText(left(progress.procedureTimeLeftS)), 'procedure-time-left'],
    ['Pass', progress.pass, undefined],
    ...(progress.reason ? [['Why', progress.reason, 'procedure-reason'] as [string, string, string]] : []),
  ]
  return (
    <section className="panel" aria-labelledby="procedure-run-title" data-testid="procedure-progress">
      <h2 id="procedure-run-title">{`Running procedure: ${progress.name ?? ''}`}</h2>
      <dl className="facts">
        {facts.map(([label, value, testId]) => (
          <div key={label} className="facts__row">
            <dt>{label}</dt>
            <dd data-testid={testId}>{value}</dd>
          </div>
        ))}
      </dl>
      {canOperate && active && (
        <div className="form-row">
          <button type="button" className="button" onClick={() => ask(...holdOrGo)}>
            {holdOrGo[0] === 'resume' ? 'Resume' : 'Pause'}
          </button>
          <button
            type="button"
            className="button button--danger"
            onClick={() => ask('abort', 'Abort the procedure? The load is left as the procedure says (safe or last).')}
          >
            Abort
          </button>
          <OutcomeNote outcome={outcome} />
        </div>
      )}
    </section>
  )
}
