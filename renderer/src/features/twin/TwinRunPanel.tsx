import { useEffect, useState } from 'react'
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts'
import type { CellProfile, TwinSeries, TwinStatus } from '../../../../server/contract/twin'
import { describeError } from '../../api/http-client'
import { TextField } from '../../app/TextField'
import type { TwinApi } from './twin-api'
import { residualRows } from './twin-form'

const REFRESH_MS = 2000
const volts = (value: number | null) => (value === null ? '—' : `${value.toFixed(3)} V`)

/** Measured and modelled voltage side by side over time, with the residual. */
function ResidualChart({ series }: { series: TwinSeries }) {
  const rows = residualRows(series)
  return (
    <figure className="chart" data-testid="twin-chart" data-points={rows.length}>
      <figcaption>
        {series.cell === null ? 'Stack' : `Cell ${series.cell + 1}`}: measured, model and residual
      </figcaption>
      <ResponsiveContainer width="100%" height={260}>
        <LineChart data={rows}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="t" type="number" unit=" s" domain={['auto', 'auto']} />
          <YAxis unit=" V" domain={['auto', 'auto']} />
          <Tooltip />
          <Legend />
          <Line dataKey="measured" name="measured" dot={false} isAnimationActive={false} connectNulls={false} />
          <Line dataKey="model" name="model" dot={false} isAnimationActive={false} strokeDasharray="4 2" />
          <Line dataKey="residual" name="residual" dot={false} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </figure>
  )
}

function CellTable({ status, onShow }: { status: TwinStatus; onShow(cell: number): void }) {
  return (
    <table className="table" data-testid="twin-cells">
      <caption>
        {status.model} · {status.frames} frames · band ±{status.band?.bandV ?? '—'} V
      </caption>
      <thead>
        <tr>
          <th scope="col">Cell</th>
          <th scope="col">Measured</th>
          <th scope="col">Model</th>
          <th scope="col">Residual</th>
          <th scope="col">Alarm</th>
        </tr>
      </thead>
      <tbody>
        {status.cells.map((cell, i) => (
          <tr key={i} className={cell.alarm ? 'row--alarm' : undefined}>
            <th scope="row">
              <button type="button" className="link" onClick={() => onShow(i)}>
                {i + 1}
              </button>
            </th>
            <td>{volts(cell.measuredV)}</td>
            <td>{volts(cell.modelV)}</td>
            <td>{volts(cell.residualV)}</td>
            <td>{cell.alarm ? 'leaves its model' : 'ok'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

/** Follows the station's status and series while the page is open. */
function useTwinStatus(api: TwinApi, cell: number | undefined) {
  const [status, setStatus] = useState<TwinStatus>()
  const [series, setSeries] = useState<TwinSeries>()
  const [error, setError] = useState<string>()
  useEffect(() => {
    let live = true
    const refresh = async () => {
      try {
        const [next, nextSeries] = await Promise.all([api.status(), api.series(cell)])
        if (!live) return
        setStatus(next)
        setSeries(nextSeries)
        setError(undefined)
      } catch (failure) {
        if (live) setError(describeError(failure))
      }
    }
    void refresh()
    const timer = setInterval(() => void refresh(), REFRESH_MS)
    return () => {
      live = false
      clearInterval(timer)
    }
  }, [api, cell])
  return { status, series, error, setStatus }
}

/** The twin beside the running source (docs/twin.md "The twin"): start it on a profile or the run's own cells. */
export function TwinRunPanel({
  api,
  profiles,
  canControl,
}: {
  api: TwinApi
  profiles: CellProfile[]
  canControl: boolean
}) {
  const [cell, setCell] = useState<number>()
  const { status, series, error, setStatus } = useTwinStatus(api, cell)
  const [model, setModel] = useState('run')
  const [band, setBand] = useState('0.05')
  const [problem, setProblem] = useState<string>()
  const act = async (change: () => Promise<TwinStatus>) => {
    try {
      setStatus(await change())
      setProblem(undefined)
    } catch (failure) {
      setProblem(describeError(failure))
    }
  }
  const start = () =>
    act(() => api.start({ model: model === 'run' ? { source: 'run' } : { profile: model }, bandV: Number(band) }))
  return (
    <section className="panel" aria-labelledby="twin-title">
      <h2 id="twin-title">The twin beside the run</h2>
      {canControl && (
        <div className="form-row" data-testid="twin-controls">
          <label>
            Model
            <select value={model} onChange={(e) => setModel(e.target.value)}>
              <option value="run">the run’s own cells (simulation)</option>
              {profiles.map((p) => (
                <option key={p.name} value={p.name}>
                  profile {p.name}
                </option>
              ))}
            </select>
          </label>
          <TextField label="Residual band (V)" value={band} onChange={setBand} inputMode="decimal" />
          <button type="button" className="button" onClick={() => void start()}>
            Start
          </button>
          <button
            type="button"
            className="button"
            onClick={() => void act(api.stop)}
            disabled={status?.state === 'off'}
          >
            Stop
          </button>
        </div>
      )}
      {(problem ?? error) && (
        <p role="alert" className="outcome outcome--bad">
          {problem ?? error}
        </p>
      )}
      <p data-testid="twin-state">
        Twin: <strong>{status?.state ?? '…'}</strong>
        {status?.stack && ` · stack measured ${volts(status.stack.measuredV)}, model ${volts(status.stack.modelV)}`}
        {cell !== undefined && (
          <button type="button" className="link" onClick={() => setCell(undefined)}>
            show the stack
          </button>
        )}
      </p>
      {status && status.cells.length > 0 && <CellTable status={status} onShow={setCell} />}
      {series && series.timeS.length > 1 && <ResidualChart series={series} />}
    </section>
  )
}
