import { faultNames } from '../../store/names'
import type { FaultKind } from '../../../../server/contract/simulation'
import { faultKinds } from '../../../../server/contract/simulation'
import { numberLabels, sensorChannels, type FaultField } from './fault-request'

/** The fault kinds by their human names. */
export function FaultKindSelect({ kind, onChange }: { kind: FaultKind; onChange(kind: FaultKind): void }) {
  return (
    <label>
      Fault
      <select name="kind" value={kind} onChange={(e) => onChange(e.target.value as FaultKind)}>
        {faultKinds.map((k) => (
          <option key={k} value={k}>
            {faultNames[k]}
          </option>
        ))}
      </select>
    </label>
  )
}

/** One field of a fault: the cell (numbered from 1), the sensor, or a number. */
export function FaultFieldInput(props: {
  field: FaultField
  value: string
  cells: number
  onChange(value: string): void
}) {
  const { field, value, cells, onChange } = props
  if (field === 'cell')
    return (
      <label>
        Cell
        <select name="cell" value={value} onChange={(e) => onChange(e.target.value)}>
          <option value="">all</option>
          {Array.from({ length: cells }, (_, i) => (
            <option key={i} value={i + 1}>
              {i + 1}
            </option>
          ))}
        </select>
      </label>
    )
  if (field === 'channel')
    return (
      <label>
        Sensor
        <select name="channel" required value={value} onChange={(e) => onChange(e.target.value)}>
          <option value="" disabled>
            choose
          </option>
          {sensorChannels.map((c) => (
            <option key={c}>{c}</option>
          ))}
        </select>
      </label>
    )
  return (
    <label>
      {numberLabels[field]}
      <input name={field} type="number" step="any" value={value} onChange={(e) => onChange(e.target.value)} />
    </label>
  )
}
