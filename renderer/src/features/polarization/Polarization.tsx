import { useState } from 'react'
import { downloadBlob } from '../../app/download'
import { useCan, useConnection, useSimulation } from '../../store'
import type { Outcome, SweepRecord } from '../../store/simulation'
import { exportFilename } from '../charts/export'
import { formMatches, formOf, parseSweepForm, type SweepForm as Form } from './sweep-form'
import { SeriesPicker } from '../charts/SeriesPicker'
import { sweepCsv } from './sweep-csv'
import type { SweepSource } from './sweep-rows'
import { SweepChart } from './SweepChart'
import { SweepForm } from './SweepForm'
import { SweepHistory } from './SweepHistory'
import { SweepTable } from './SweepTable'

/** The shown sweep (the newest unless the operator chose an earlier one) and its overlays. */
function useShownSweep(sweeps: readonly SweepRecord[]) {
  const [shownId, setShownId] = useState<number>()
  const [overlayIds, setOverlayIds] = useState<number[]>([])
  const shown = sweeps.find((s) => s.id === shownId) ?? sweeps[0]
  const overlays = sweeps.filter((s) => s.id !== shown?.id && overlayIds.includes(s.id))
  const overlay = (id: number, on: boolean) =>
    setOverlayIds((ids) => (on ? [...ids, id] : ids.filter((other) => other !== id)))
  return { shown, overlays, overlayIds, setShownId, overlay }
}

function MppLine({ shown }: { shown: SweepRecord }) {
  const { mpp, openCircuitV } = shown.result
  return (
    <p data-testid="mpp">
      Maximum power point: <strong>{(mpp.powerW * 1000).toFixed(3)} mW</strong> at {(mpp.currentA * 1000).toFixed(3)}{' '}
      mA, {mpp.voltageV.toFixed(3)} V, R<sub>ext</sub> {mpp.rExtOhm.toFixed(0)} Ω; open circuit (load disconnected){' '}
      <strong data-testid="ocv">{openCircuitV.toFixed(4)} V</strong>
    </p>
  )
}

/** The shown sweep: its MPP, CSV export, both curves with overlays, and its values as a table. */
function SweepResult(props: {
  shown: SweepRecord
  overlays: readonly SweepRecord[]
  meta: { stationVersion: string | undefined; runId: string | undefined; runName: string | undefined }
}) {
  const { shown, overlays, meta } = props
  const [sources, setSources] = useState<SweepSource[]>(['stack'])
  const cells = shown.result.cells.length
  // A sweep of a smaller stack has no curve for a cell chosen on a bigger one.
  const shownSources = sources.filter((s) => s === 'stack' || s < cells)
  const curveSources = shownSources.length > 0 ? shownSources : (['stack'] as SweepSource[])
  const exportCsv = () =>
    downloadBlob(
      new Blob([sweepCsv(shown, meta.stationVersion, meta.runName)], { type: 'text/csv' }),
      exportFilename(meta, 'sweep', 'csv'),
    )
  return (
    <>
      <MppLine shown={shown} />
      <p className="form-row">
        <button type="button" className="button" onClick={exportCsv} data-testid="sweep-csv">
          CSV
        </button>
        <span className="muted">Stack and every cell's columns.</span>
      </p>
      {cells > 1 && <SeriesPicker cells={cells} chosen={curveSources} onChange={setSources} />}
      <div className="chart-grid chart-grid--two">
        {(['v', 'pMw'] as const).map((y) => (
          <SweepChart
            key={y}
            shown={shown}
            overlays={overlays}
            sources={curveSources}
            y={y}
            title={y === 'v' ? 'Voltage' : 'Power'}
            unit={y === 'v' ? 'V' : 'mW'}
            testId={y === 'v' ? 'sweep-vi' : 'sweep-pi'}
            meta={meta}
          />
        ))}
      </div>
      <SweepTable shown={shown} />
    </>
  )
}

/** Polarization (V-I) and power (P-I) curves from a sweep of the external resistance; earlier sweeps overlaid. */
export function Polarization() {
  const sweeps = useSimulation((s) => s.sweeps)
  const runSweep = useSimulation((s) => s.runSweep)
  const pending = useSimulation((s) => s.pending)
  const runName = useSimulation((s) => s.status?.name)
  const stationVersion = useConnection((s) => s.serverVersion)
  const canControl = useCan('simulation:control')
  const { shown, overlays, overlayIds, setShownId, overlay } = useShownSweep(sweeps)
  const [form, setForm] = useState<Form>(() => formOf(shown?.request))
  const [outcome, setOutcome] = useState<Outcome>()
  const parsed = parseSweepForm(form)
  const submit = async () => {
    if (!parsed.ok) return
    setOutcome(await runSweep(parsed.request))
    setShownId(undefined)
  }
  const show = (record: SweepRecord) => {
    setShownId(record.id)
    setForm(formOf(record.request))
  }
  const meta = { stationVersion, runId: shown?.runId, runName }
  return (
    <section className="panel" aria-labelledby="sweep-title">
      <h2 id="sweep-title">Polarization and power curves</h2>
      {canControl ? (
        <SweepForm
          form={form}
          onChange={setForm}
          onSubmit={() => void submit()}
          busy={pending !== undefined}
          outcome={outcome}
          problem={parsed.ok ? undefined : parsed.reason}
          differs={shown !== undefined && !formMatches(form, shown.request)}
        />
      ) : (
        <p className="muted">Sweeps need the simulation:control permission.</p>
      )}
      {shown === undefined ? (
        <p className="muted">
          Run a sweep to plot the curves. The sweep runs the model to steady state at each resistance; the live run is
          not changed.
        </p>
      ) : (
        <>
          <SweepHistory sweeps={sweeps} shownId={shown.id} overlayIds={overlayIds} onShow={show} onOverlay={overlay} />
          <SweepResult shown={shown} overlays={overlays} meta={meta} />
        </>
      )}
    </section>
  )
}
