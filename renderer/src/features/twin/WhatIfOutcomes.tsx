import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts'
import type { WhatIfOutcome, WhatIfResult } from '../../../../server/contract/twin'

/** The step markers drawn on the chart at most: a fast repeat over days would hide the curves. */
const MAX_MARKS = 60

function OutcomeRow({ outcome }: { outcome: WhatIfOutcome }) {
  return (
    <tr>
      <th scope="row">{outcome.label}</th>
      <td>{(outcome.energyJ / 3600).toFixed(3)} Wh</td>
      <td>{(outcome.meanPowerW * 1000).toFixed(3)} mW</td>
      <td>{outcome.minCellVoltageV.toFixed(3)} V</td>
      <td>{outcome.reversalCellHours.toFixed(1)}</td>
    </tr>
  )
}

/** A procedure's steps as they started on the twin (the marks on the chart). */
const stepStarts = (outcome: WhatIfOutcome) =>
  (outcome.procedure?.events ?? []).filter((event) => event.action === 'step-started').slice(0, MAX_MARKS)

function WhatIfChart({ result }: { result: WhatIfResult }) {
  const rows = result.candidate.timeS.map((t, i) => ({
    hours: t / 3600,
    candidate: (result.candidate.powerW[i] ?? NaN) * 1000,
    baseline: (result.baseline.powerW[i] ?? NaN) * 1000,
  }))
  const marks = [
    ...stepStarts(result.candidate).map((event) => ({ ...event, side: 'candidate' })),
    ...stepStarts(result.baseline).map((event) => ({ ...event, side: 'baseline' })),
  ]
  return (
    <figure className="chart" data-testid="what-if-chart" data-points={rows.length} data-marks={marks.length}>
      <figcaption>Predicted stack power{marks.length > 0 ? ' (dashed: procedure steps)' : ''}</figcaption>
      <ResponsiveContainer width="100%" height={200}>
        <LineChart data={rows}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="hours" type="number" unit=" h" />
          <YAxis unit=" mW" />
          <Tooltip />
          <Legend />
          <Line dataKey="candidate" name={result.candidate.label} dot={false} isAnimationActive={false} />
          <Line dataKey="baseline" name={result.baseline.label} dot={false} isAnimationActive={false} />
          {marks.map((mark, index) => (
            <ReferenceLine key={index} x={mark.atS / 3600} strokeDasharray="2 4" ifOverflow="hidden" />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </figure>
  )
}

/** A procedure's run on the twin: its notes (interlocks not modelled, a failed step) and the sweeps' MPPs. */
function ProcedureNotes({ outcome }: { outcome: WhatIfOutcome }) {
  if (!outcome.notes?.length && !outcome.procedure?.sweeps.length) return null
  return (
    <ul className="muted" data-testid="what-if-notes">
      {(outcome.notes ?? []).map((note) => (
        <li key={note}>{`${outcome.label}: ${note}`}</li>
      ))}
      {(outcome.procedure?.sweeps ?? []).map((sweep) => (
        <li key={sweep.atS}>
          {`${outcome.label}: sweep at ${(sweep.atS / 3600).toFixed(1)} h, ${sweep.points.length} points, `}
          {sweep.maximumPowerPoint
            ? `MPP ${(sweep.maximumPowerPoint.powerW * 1000).toFixed(3)} mW at ${sweep.maximumPowerPoint.rExtOhm} Ω`
            : 'no power point'}
        </li>
      ))}
    </ul>
  )
}

/** The candidate against the baseline: the figures, the predicted power with the steps marked, the notes. */
export function WhatIfOutcomes({ result }: { result: WhatIfResult }) {
  return (
    <>
      <table className="table" data-testid="what-if-outcomes">
        <caption>
          Predicted over {(result.horizonS / 86_400).toFixed(1)} days from now (computed in{' '}
          {result.elapsedMs.toFixed(0)} ms)
        </caption>
        <thead>
          <tr>
            <th scope="col">Plan</th>
            <th scope="col">Energy</th>
            <th scope="col">Mean power</th>
            <th scope="col">Lowest cell</th>
            <th scope="col">Reversal cell-hours</th>
          </tr>
        </thead>
        <tbody>
          <OutcomeRow outcome={result.candidate} />
          <OutcomeRow outcome={result.baseline} />
        </tbody>
      </table>
      <WhatIfChart result={result} />
      <ProcedureNotes outcome={result.candidate} />
      <ProcedureNotes outcome={result.baseline} />
    </>
  )
}
