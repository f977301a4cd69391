import { useState, type FormEvent } from 'react'
import type { FitResultView, ProfileInput } from '../../../../server/contract/twin'
import { describeError } from '../../api/http-client'
import { TextField } from '../../app/TextField'
import type { TwinApi } from './twin-api'

/** What every fit answers (polarization or time series): values, intervals and identifiability. */
export type FitSummary = Pick<FitResultView, 'rmse' | 'parameters' | 'ci95' | 'identifiable' | 'notIdentifiable'>

const format = (value: number) =>
  Math.abs(value) >= 1e4 || Math.abs(value) < 1e-3 ? value.toExponential(3) : value.toPrecision(4)

/** Each fitted parameter with its 95 % interval, or why the data cannot identify it. */
export function ParameterTable({ result }: { result: FitSummary }) {
  return (
    <table className="table" data-testid="fit-parameters">
      <caption>Fitted parameters (RMSE {(result.rmse * 1000).toFixed(2)} mV)</caption>
      <thead>
        <tr>
          <th scope="col">Parameter</th>
          <th scope="col">Value</th>
          <th scope="col">95 % interval</th>
          <th scope="col">Identifiable</th>
        </tr>
      </thead>
      <tbody>
        {Object.keys(result.identifiable).map((name) => {
          const value = result.parameters[name]
          const ci = result.ci95[name]
          const why = result.notIdentifiable[name]
          return (
            <tr key={name}>
              <th scope="row">{name}</th>
              <td>{value === null || value === undefined ? '—' : format(value)}</td>
              <td>{ci ? `[${format(ci[0])}, ${format(ci[1])}]` : '—'}</td>
              <td>
                {result.identifiable[name] ? 'yes' : `no: ${why?.reason ?? ''} (held at ${format(why?.heldAt ?? NaN)})`}
              </td>
            </tr>
          )
        })}
      </tbody>
    </table>
  )
}

/** Saves a fit's parameter set as a named cell profile (docs/twin.md "Cell profiles"). */
export function SaveProfile({ api, input }: { api: TwinApi; input: ProfileInput }) {
  const [name, setName] = useState('')
  const [note, setNote] = useState<string>()
  const save = async (event: FormEvent) => {
    event.preventDefault()
    try {
      await api.saveProfile(name, input)
      setNote(`Saved as profile ${name}`)
    } catch (error) {
      setNote(`Refused: ${describeError(error)}`)
    }
  }
  return (
    <form className="form-row" onSubmit={(e) => void save(e)} data-testid="profile-save">
      <TextField
        label="Save as cell profile"
        value={name}
        onChange={setName}
        required
        pattern="[a-zA-Z0-9][a-zA-Z0-9 ._\-]{0,63}"
      />
      <button type="submit" className="button" disabled={name === ''}>
        Save
      </button>
      {note && <span role="status">{note}</span>}
    </form>
  )
}
