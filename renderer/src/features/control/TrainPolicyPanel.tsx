import { useEffect, useState, type FormEvent } from 'react'
import type { TrainingJob } from '../../../../server/contract/policies'
import { OutcomeNote } from '../../app/OutcomeNote'
import { TextField } from '../../app/TextField'
import { useChange } from '../../app/use-change'
import { usePolicies } from '../../store'

/** How often the panel reads the job while it runs: often enough for a bar that moves, cheap for the station. */
const POLL_MS = 1000

const stateNames: Record<TrainingJob['state'], string> = {
  running: 'Training',
  done: 'Trained',
  cancelled: 'Cancelled',
  failed: 'Failed',
}

function TrainingProgress({ job }: { job: TrainingJob }) {
  const reward = job.meanReward === null ? '' : `, mean reward of the latest episodes ${job.meanReward.toFixed(1)}`
  return (
    <div className="training-progress" data-testid="training-progress">
      <progress
        aria-label={`Training ${job.name}`}
        max={job.episodes}
        value={job.episode}
        aria-valuemin={0}
        aria-valuemax={job.episodes}
        aria-valuenow={job.episode}
        aria-valuetext={`episode ${job.episode} of ${job.episodes}`}
      />
      <span role="status">
        {stateNames[job.state]} {job.name}: episode {job.episode} of {job.episodes}
        {reward}
        {job.error ? ` (${job.error})` : ''}
      </span>
    </div>
  )
}

/**
 * Trains a Q-learning policy on the current run's configuration in the station's background job
 * (docs/operator-ui.md "Control"): episodes and seed, a progress bar, cancel; the finished policy joins
 * the policy choice of the controller form.
 */
export function TrainPolicyPanel() {
  const job = usePolicies((s) => s.job)
  const train = usePolicies((s) => s.train)
  const cancel = usePolicies((s) => s.cancel)
  const poll = usePolicies((s) => s.poll)
  const [name, setName] = useState('my-policy')
  const [episodes, setEpisodes] = useState('100')
  const [seed, setSeed] = useState('1')
  const { outcome, run } = useChange()
  const running = job?.state === 'running'
  useEffect(() => {
    if (!running) return
    const timer = setInterval(() => void poll(), POLL_MS)
    return () => clearInterval(timer)
  }, [running, poll])
  const submit = (event: FormEvent) => {
    event.preventDefault()
    void run(() => train({ name, episodes: Number(episodes), seed: Number(seed) }))
  }
  return (
    <form className="control-group" onSubmit={submit} data-testid="train-policy-form">
      <fieldset>
        <legend>Train a policy</legend>
        <div className="form-row">
          <TextField label="Policy name" name="policyName" value={name} onChange={setName} required />
          <TextField
            label="Episodes"
            name="episodes"
            type="number"
            min={1}
            max={1000}
            value={episodes}
            onChange={setEpisodes}
          />
          <TextField label="Seed" name="seed" type="number" min={0} value={seed} onChange={setSeed} />
          <button type="submit" className="button button--primary" disabled={running}>
            Train
          </button>
          {running && (
            <button type="button" className="button button--danger" onClick={() => void run(cancel)}>
              Cancel training
            </button>
          )}
          <OutcomeNote outcome={outcome} />
        </div>
        {job && <TrainingProgress job={job} />}
      </fieldset>
    </form>
  )
}
