import type { SweepRecord } from '../../store/simulation'
import { sweepRows } from './sweep-rows'

/** The shown sweep as a table: the charts' text alternative, and every value at full precision. */
export function SweepTable({ shown }: { shown: SweepRecord }) {
  return (
    <details className="chart-table">
      <summary>Sweep values</summary>
      <table className="table">
        <caption>Polarization sweep, by increasing current</caption>
        <thead>
          <tr>
            <th scope="col">R_ext (Ω)</th>
            <th scope="col">Current (mA)</th>
            <th scope="col">Voltage (V)</th>
            <th scope="col">Power (mW)</th>
          </tr>
        </thead>
        <tbody>
          {sweepRows(shown.result).map((row) => (
            <tr key={row.r}>
              <td>{row.r.toFixed(1)}</td>
              <td>{row.iMa.toFixed(4)}</td>
              <td>{row.v.toFixed(4)}</td>
              <td>{row.pMw.toFixed(4)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  )
}
