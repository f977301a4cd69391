import { useState, type FormEvent } from 'react'
import { controllerKinds, type ControllerKind } from '../../../../server/contract/simulation'
import { useSimulation } from '../../store'
import { OutcomeNote } from '../../app/OutcomeNote'
import { useChange } from '../../app/use-change'

type Field = { key: string; label: string; options?: readonly string[] }

/**
 * Each controller's settings (server/sim/control/controller-config.ts validates them). A field left
 * empty is not sent, so the station applies its own documented default; the UI keeps no copy of them.
 */
const controllerFields: Record<Exclude<ControllerKind, 'qlearning'>, readonly Field[]> = {
  fixed: [{ key: 'periodS', label: 'Period (s)' }],
  pid: [
    { key: 'actuator', label: 'Actuator', options: ['feed', 'dosing'] },
    { key: 'kp', label: 'Kp' },
    { key: 'ki', label: 'Ki' },
    { key: 'kd', label: 'Kd' },
    { key: 'periodS', label: 'Period (s)' },
    { key: 'outputMin', label: 'Output min' },
    { key: 'outputMax', label: 'Output max' },
  ],
  mppt: [
    { key: 'scope', label: 'Scope', options: ['stack', 'cell'] },
    { key: 'stepFraction', label: 'Step fraction' },
    { key: 'periodS', label: 'Period (s)' },
    { key: 'minOhm', label: 'Min R (Ω)' },
    { key: 'maxOhm', label: 'Max R (Ω)' },
  ],
}

const kindLabels: Record<ControllerKind, string> = {
  fixed: 'Fixed',
  pid: 'PID (substrate)',
  mppt: 'MPPT (perturb & observe)',
  qlearning: 'Q-learning policy',
}

/** Values of the running controller's settings, as form text, when the chosen kind is the running one. */
function currentValues(config: Record<string, unknown> | undefined, kind: ControllerKind): Record<string, string> {
  if (!config || config['kind'] !== kind) return {}
  return Object.fromEntries(
    Object.entries(config).flatMap(([k, v]) =>
      typeof v === 'number' || typeof v === 'string' ? [[k, String(v)]] : [],
    ),
  )
}

export function ControllerForm() {
  const running = useSimulation((s) => s.config?.controller)
  const setController = useSimulation((s) => s.setController)
  const pending = useSimulation((s) => s.pending)
  const [kind, setKind] = useState<ControllerKind>()
  const [values, setValues] = useState<Record<string, string>>({})
  const [policy, setPolicy] = useState<{ name: string; value?: unknown; error?: string }>()
  const { outcome, apply } = useChange()
  const chosen = kind ?? running?.kind ?? 'fixed'

  const choose = (next: ControllerKind) => {
    setKind(next)
    setValues(currentValues(running, next))
  }
  const readPolicy = async (file: File | undefined) => {
    if (!file) return setPolicy(undefined)
    try {
      setPolicy({ name: file.name, value: JSON.parse(await file.text()) as unknown })
    } catch (error) {
      setPolicy({ name: file.name, error: `not JSON: ${(error as Error).message}` })
    }
  }
  const submit = (event: FormEvent) => {
    event.preventDefault()
    const settings: Record<string, unknown> = chosen === 'qlearning' ? { policy: policy?.value } : {}
    if (chosen !== 'qlearning') {
      for (const field of controllerFields[chosen]) {
        const text = (values[field.key] ?? '').trim()
        if (text !== '') settings[field.key] = field.options ? text : Number(text)
      }
    }
    const summary = Object.entries(settings)
      .map(([k, v]) => (k === 'policy' ? `policy ${policy?.name ?? ''}` : `${k} ${String(v)}`))
      .join(', ')
    void apply(
      {
        title: `Switch to ${kindLabels[chosen]}?`,
        body: `The controller changes now${summary ? ` with ${summary}` : ' with the station defaults'}.`,
        confirmLabel: 'Switch controller',
      },
      () => setController({ kind: chosen, ...settings }),
    )
  }
  const fields = chosen === 'qlearning' ? [] : controllerFields[chosen]
  return (
    <form className="control-group" onSubmit={submit} data-testid="controller-form">
      <fieldset>
        <legend>Controller (running: {running?.kind ?? '…'})</legend>
        <div className="form-row">
          <label>
            Kind
            <select name="kind" value={chosen} onChange={(e) => choose(e.target.value as ControllerKind)}>
              {controllerKinds.map((k) => (
                <option key={k} value={k}>
                  {kindLabels[k]}
                </option>
              ))}
            </select>
          </label>
          {fields.map((field) => (
            <label key={field.key}>
              {field.label}
              {field.options ? (
                <select
                  name={field.key}
                  value={values[field.key] ?? ''}
                  onChange={(e) => setValues({ ...values, [field.key]: e.target.value })}
                >
                  <option value="">default</option>
                  {field.options.map((o) => (
                    <option key={o}>{o}</option>
                  ))}
                </select>
              ) : (
                <input
                  name={field.key}
                  type="number"
                  step="any"
                  placeholder="default"
                  value={values[field.key] ?? ''}
                  onChange={(e) => setValues({ ...values, [field.key]: e.target.value })}
                />
              )}
            </label>
          ))}
          {chosen === 'qlearning' && (
            <label>
              Policy file (from <code>mfc-station sim train</code>)
              <input
                name="policy"
                type="file"
                accept="application/json,.json"
                onChange={(e) => void readPolicy(e.target.files?.[0])}
              />
              {policy?.error && <span className="outcome outcome--bad">{policy.error}</span>}
            </label>
          )}
          <button
            type="submit"
            className="button button--primary"
            disabled={pending !== undefined || (chosen === 'qlearning' && policy?.value === undefined)}
          >
            Apply controller
          </button>
          <OutcomeNote outcome={outcome} />
        </div>
      </fieldset>
    </form>
  )
}
