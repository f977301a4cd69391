import type { ControllerField } from './controller-fields'

/** The chosen controller's settings: current values shown as values, empty fields keep the station's default. */
export function ControllerSettings(props: {
  fields: readonly ControllerField[]
  values: Record<string, string>
  onChange(values: Record<string, string>): void
}) {
  const { fields, values, onChange } = props
  return (
    <>
      {fields.map((field) => (
        <label key={field.key}>
          {field.label}
          {field.options ? (
            <select
              name={field.key}
              value={values[field.key] ?? ''}
              onChange={(e) => onChange({ ...values, [field.key]: e.target.value })}
            >
              <option value="">station default</option>
              {field.options.map((o) => (
                <option key={o}>{o}</option>
              ))}
            </select>
          ) : (
            <input
              name={field.key}
              type="number"
              step="any"
              placeholder="station default"
              value={values[field.key] ?? ''}
              onChange={(e) => onChange({ ...values, [field.key]: e.target.value })}
            />
          )}
        </label>
      ))}
    </>
  )
}

/** A Q-learning policy file (from `mfc-station sim train`), read and parsed in the browser. */
export function PolicyInput({ error, onFile }: { error: string | undefined; onFile(file: File | undefined): void }) {
  return (
    <label>
      Policy file (from <code>mfc-station sim train</code>)
      <input name="policy" type="file" accept="application/json,.json" onChange={(e) => onFile(e.target.files?.[0])} />
      {error && <span className="outcome outcome--bad">{error}</span>}
    </label>
  )
}
