import { useProcedures } from '../../store'
import { SweepChart } from '../polarization/SweepChart'
import { asSweepRecord } from './sweep-record'

const fixed = (value: number, digits: number) => value.toFixed(digits)

/** The last sweep's two charts: voltage and power over current. */
const SWEEP_CHARTS = [
  { y: 'v', title: 'Voltage', unit: 'V', testId: 'procedure-sweep-vi' },
  { y: 'pMw', title: 'Power', unit: 'mW', testId: 'procedure-sweep-pi' },
] as const

/** The last sweep a procedure stored: each load's steady values and the maximum power point. */
export function LastSweep() {
  const sweep = useProcedures((s) => s.lastSweep)
  if (!sweep) return null
  const mpp = sweep.maximumPowerPoint
  const record = asSweepRecord(sweep)
  const meta = { stationVersion: undefined, runId: sweep.runId, runName: undefined }
  return (
    <section className="panel" aria-labelledby="procedure-sweep-title" data-testid="procedure-sweep">
      <h2 id="procedure-sweep-title">Last sweep</h2>
      <p>
        {mpp ? `Maximum power ${fixed(mpp.powerW * 1000, 3)} mW at ${mpp.rExtOhm ?? ''} Ω` : 'No maximum power point.'}{' '}
        <a href={`/api/v1/runs/${encodeURIComponent(sweep.runId)}/sweeps/${sweep.id}/curve.csv`} download>
          Download CSV
        </a>
      </p>
      {record && (
        <div className="chart-grid chart-grid--two">
          {SWEEP_CHARTS.map((chart) => (
            <SweepChart key={chart.y} shown={record} overlays={[]} sources={['stack']} meta={meta} {...chart} />
          ))}
        </div>
      )}
      <table className="table" data-testid="procedure-sweep-table">
        <thead>
          <tr>
            <th scope="col">R_ext (Ω)</th>
            <th scope="col">V</th>
            <th scope="col">I (mA)</th>
            <th scope="col">P (mW)</th>
          </tr>
        </thead>
        <tbody>
          {sweep.points.map((point, index) => (
            <tr key={index}>
              <td>{point.rExtOhm ?? 'open circuit'}</td>
              <td>{fixed(point.voltageV, 4)}</td>
              <td>{fixed(point.currentA * 1000, 4)}</td>
              <td>{fixed(point.powerW * 1000, 4)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}
