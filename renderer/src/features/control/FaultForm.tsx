import { useState, type FormEvent } from 'react'
import { faultKinds, type FaultKind } from '../../../../server/contract/simulation'
import { useSimulation } from '../../store'
import { OutcomeNote } from '../../app/OutcomeNote'
import { useChange } from '../../app/use-change'

type FaultField = 'cell' | 'durationH' | 'channel' | 'ratePerDay' | 'fraction' | 'deltaK'

/** The fields each fault takes (server/sim/config.ts faultSchema); everything else is refused by the station. */
const faultFields: Record<FaultKind, readonly FaultField[]> = {
  'feed-pump-failure': ['cell', 'durationH'],
  starvation: ['cell', 'durationH'],
  'biofilm-loss': ['cell', 'fraction'],
  'sensor-stuck': ['cell', 'channel', 'durationH'],
  'sensor-drift': ['cell', 'channel', 'ratePerDay', 'durationH'],
  'load-disconnect': ['durationH'],
  'temperature-step': ['deltaK', 'durationH'],
}

const numberLabels: Record<Exclude<FaultField, 'cell' | 'channel'>, string> = {
  durationH: 'Duration (simulated h, empty = until cleared)',
  ratePerDay: 'Drift per day (channel unit)',
  fraction: 'Fraction lost (0–1)',
  deltaK: 'Temperature change (K)',
}

/** The request for the filled-in fields: cells are 1-based on screen, 0-based on the wire; hours become seconds. */
export function faultRequest(
  kind: FaultKind,
  values: Partial<Record<FaultField, string>>,
): { kind: FaultKind } & Record<string, unknown> {
  const request: { kind: FaultKind } & Record<string, unknown> = { kind }
  for (const field of faultFields[kind]) {
    const text = (values[field] ?? '').trim()
    if (text === '') continue
    if (field === 'cell') request['cell'] = Number(text) - 1
    else if (field === 'channel') request['channel'] = text
    else if (field === 'durationH') request['durationS'] = Number(text) * 3600
    else request[field] = Number(text)
  }
  return request
}

export function FaultForm() {
  const cells = useSimulation((s) => s.status?.cells ?? 0)
  const injectFault = useSimulation((s) => s.injectFault)
  const pending = useSimulation((s) => s.pending)
  const [kind, setKind] = useState<FaultKind>('starvation')
  const [values, setValues] = useState<Partial<Record<FaultField, string>>>({})
  const { outcome, apply } = useChange()
  const set = (field: FaultField, value: string) => setValues({ ...values, [field]: value })
  const submit = (event: FormEvent) => {
    event.preventDefault()
    const request = faultRequest(kind, values)
    const target =
      request['cell'] === undefined
        ? faultFields[kind].includes('cell')
          ? 'every cell'
          : 'the stack'
        : `cell ${Number(request['cell']) + 1}`
    void apply(
      { title: `Inject ${kind}?`, body: `A ${kind} fault hits ${target} now.`, confirmLabel: 'Inject fault' },
      () => injectFault(request),
    )
  }
  return (
    <form className="control-group" onSubmit={submit} data-testid="fault-form">
      <fieldset>
        <legend>Inject a fault</legend>
        <div className="form-row">
          <label>
            Fault
            <select name="kind" value={kind} onChange={(e) => setKind(e.target.value as FaultKind)}>
              {faultKinds.map((k) => (
                <option key={k}>{k}</option>
              ))}
            </select>
          </label>
          {faultFields[kind].map((field) =>
            field === 'cell' ? (
              <label key={field}>
                Cell
                <select name="cell" value={values.cell ?? ''} onChange={(e) => set('cell', e.target.value)}>
                  <option value="">all</option>
                  {Array.from({ length: cells }, (_, i) => (
                    <option key={i} value={i + 1}>
                      {i + 1}
                    </option>
                  ))}
                </select>
              </label>
            ) : field === 'channel' ? (
              <label key={field}>
                Sensor
                <select
                  name="channel"
                  required
                  value={values.channel ?? ''}
                  onChange={(e) => set('channel', e.target.value)}
                >
                  <option value="" disabled>
                    choose
                  </option>
                  {['voltage', 'current', 'substrate', 'temperature'].map((c) => (
                    <option key={c}>{c}</option>
                  ))}
                </select>
              </label>
            ) : (
              <label key={field}>
                {numberLabels[field]}
                <input
                  name={field}
                  type="number"
                  step="any"
                  value={values[field] ?? ''}
                  onChange={(e) => set(field, e.target.value)}
                />
              </label>
            ),
          )}
          <button type="submit" className="button button--danger" disabled={pending !== undefined}>
            Inject
          </button>
          <OutcomeNote outcome={outcome} />
        </div>
      </fieldset>
    </form>
  )
}
