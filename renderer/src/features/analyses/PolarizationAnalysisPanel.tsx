import { useState, type FormEvent, type ReactElement } from 'react'
import { CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts'
import type { PolarizationAnalysisView } from '../../../../server/contract/analyses'
import { downloadBlob } from '../../app/download'
import { routeHref } from '../../app/route'
import { TextField } from '../../app/TextField'
import { RequestProblem } from '../twin/RequestProblem'
import { useRequest } from '../twin/use-request'
import type { AnalysesApi, PolarizationBody } from './analyses-api'
import { ExportButton } from './ExportButton'
import { ImportFile, type FileFormat, type ImportedFile } from './ImportFile'
import { polarizationCsv } from './results-csv'
import { Term } from './Term'

const si = (value: number | null, scale: number, unit: string, digits = 4) =>
  value === null ? '—' : `${(value * scale).toPrecision(digits)} ${unit}`

function Figures({ result }: { result: PolarizationAnalysisView }) {
  const { openCircuit: ocv, maximumPower: mpp, internalResistance: rInt, density: d, overshoot } = result
  const region = rInt.ohmicRegion
  const rows: Array<[ReactElement, string]> = [
    [<Term name="ocv">OCV</Term>, `${si(ocv.voltageV, 1, 'V')} (${ocv.method})`],
    [
      <Term name="mpp">Maximum power point</Term>,
      `${si(mpp.powerW, 1000, 'mW')} at ${si(mpp.voltageV, 1, 'V')}, ${si(mpp.currentA, 1000, 'mA')}, R_ext ${si(mpp.rExtOhm, 1, 'Ω')}`,
    ],
    [
      <Term name="ohmicSlope">R_int from the ohmic slope</Term>,
      region
        ? `${si(rInt.ohmicSlopeOhm, 1, 'Ω')} (${region.points} points, R² ${region.rSquared.toFixed(4)})`
        : 'no linear region',
    ],
    [<Term name="atMaximumPower">R_int as R_ext at P_max</Term>, si(rInt.atMaximumPowerOhm, 1, 'Ω')],
    [<Term name="powerPerArea">Power density (area)</Term>, si(d.maxPowerWPerM2, 1, 'W/m²')],
    [<Term name="powerPerVolume">Power density (volume)</Term>, si(d.maxPowerWPerM3, 1, 'W/m³')],
    [<Term name="currentPerArea">Current density (area)</Term>, si(d.maxCurrentAPerM2, 1, 'A/m²')],
    [<Term name="currentPerVolume">Current density (volume)</Term>, si(d.maxCurrentAPerM3, 1, 'A/m³')],
    [
      <Term name="overshoot">Overshoot</Term>,
      overshoot.detected ? `yes: the current falls back ${overshoot.currentDropPct.toFixed(1)} %` : 'no',
    ],
  ]
  return (
    <table className="table" data-testid="polarization-figures">
      <caption>
        {result.points} points, ordered by {result.order}
      </caption>
      <tbody>
        {rows.map(([name, value], i) => (
          <tr key={i} className={i === rows.length - 1 && overshoot.detected ? 'outcome--bad' : undefined}>
            <th scope="row">{name}</th>
            <td>{value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

function CurveChart({ result }: { result: PolarizationAnalysisView }) {
  const rows = result.curve.map((p) => ({ iMa: p.currentA * 1000, voltage: p.voltageV, power: p.powerW * 1000 }))
  return (
    <figure className="chart" data-testid="polarization-chart" data-points={rows.length}>
      <figcaption>Polarization and power curves</figcaption>
      <ResponsiveContainer width="100%" height={200}>
        <ComposedChart data={rows}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="iMa" type="number" unit=" mA" domain={['auto', 'auto']} />
          <YAxis yAxisId="v" unit=" V" domain={['auto', 'auto']} />
          <YAxis yAxisId="p" orientation="right" unit=" mW" domain={['auto', 'auto']} />
          <Tooltip />
          <Legend />
          <Line yAxisId="v" dataKey="voltage" name="voltage" dot isAnimationActive={false} />
          <Line yAxisId="p" dataKey="power" name="power" stroke="#b35900" dot isAnimationActive={false} />
        </ComposedChart>
      </ResponsiveContainer>
    </figure>
  )
}

/** The polarization analysis of an imported curve (docs/twin.md "Polarization analysis"). */
export function PolarizationAnalysisPanel({ api }: { api: AnalysesApi }) {
  const [file, setFile] = useState<ImportedFile>()
  const [format, setFormat] = useState<FileFormat>('auto')
  const [size, setSize] = useState({ area: '', volume: '' })
  const [answer, setAnswer] = useState<{ result: PolarizationAnalysisView; body: PolarizationBody; name: string }>()
  const { problem, setProblem, busy, send } = useRequest()
  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (!file) return setProblem('Choose a curve file first')
    const positive = (text: string) => (text.trim() === '' ? undefined : Number(text))
    const body: PolarizationBody = {
      file: { text: file.text, format },
      ...(positive(size.area) === undefined ? {} : { anodeAreaCm2: positive(size.area) }),
      ...(positive(size.volume) === undefined ? {} : { volumeMl: positive(size.volume) }),
    }
    await send(
      () => api.polarization(body),
      (result) => setAnswer({ result, body, name: file.name }),
    )
  }
  const exportCsv = () => {
    if (!answer) return
    const { text: _text, ...how } = answer.body.file ?? { text: '' }
    const inputs = { ...answer.body, file: how, import: answer.result.import }
    const csv = polarizationCsv(answer.result, {
      analysis: 'polarization',
      source: answer.name,
      inputs,
      exportedAt: new Date(),
    })
    downloadBlob(new Blob([csv], { type: 'text/csv' }), `${answer.name.replace(/\.[^.]*$/, '')}-polarization.csv`)
  }
  return (
    <section className="panel" aria-labelledby="polarization-analysis-title">
      <h2 id="polarization-analysis-title">Polarization analysis</h2>
      <p className="muted">
        An exported curve from potentiostat software. The simulation&apos;s per-cell sweeps are on the{' '}
        <a href={routeHref({ page: 'polarization' })}>Polarization</a> page.
      </p>
      <form className="form-row" onSubmit={(e) => void submit(e)} data-testid="polarization-analysis-form" noValidate>
        <ImportFile label="Curve file" format={format} onFormat={setFormat} onFile={setFile} />
        <TextField
          label="Anode area (cm²)"
          value={size.area}
          onChange={(area) => setSize({ ...size, area })}
          inputMode="decimal"
        />
        <TextField
          label="Anode volume (mL)"
          value={size.volume}
          onChange={(volume) => setSize({ ...size, volume })}
          inputMode="decimal"
        />
        <button type="submit" className="button" disabled={busy}>
          {busy ? 'Analysing…' : 'Analyse curve'}
        </button>
      </form>
      <RequestProblem problem={problem} />
      {answer && (
        <>
          <Figures result={answer.result} />
          <CurveChart result={answer.result} />
          <ExportButton label="Export polarization CSV" onExport={exportCsv} />
        </>
      )}
    </section>
  )
}
