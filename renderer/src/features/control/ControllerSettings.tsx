import type { ControllerField } from './controller-fields'

/**
 * The chosen controller's settings: current values shown as values; an empty field keeps the station's
 * default, which the field names (from the contract, also for a controller that is not running).
 */
export function ControllerSettings(props: {
  fields: readonly ControllerField[]
  values: Record<string, string>
  defaults: Readonly<Record<string, string | number | boolean>>
  onChange(values: Record<string, string>): void
}) {
  const { fields, values, defaults, onChange } = props
  const fallback = (key: string) => (defaults[key] === undefined ? 'station default' : `default ${defaults[key]}`)
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
              <option value="">{fallback(field.key)}</option>
              {field.options.map((o) => (
                <option key={o}>{o}</option>
              ))}
            </select>
          ) : (
            <input
              name={field.key}
              type="number"
              step="any"
              placeholder={fallback(field.key)}
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
