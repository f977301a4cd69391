import type { SweepRecord } from '../../store/simulation'
import { sweepLabel } from './sweep-rows'

/** Earlier sweeps of this page: show one (the form follows it) or overlay it on the shown one. */
export function SweepHistory(props: {
  sweeps: readonly SweepRecord[]
  shownId: number
  overlayIds: readonly number[]
  onShow(record: SweepRecord): void
  onOverlay(id: number, on: boolean): void
}) {
  if (props.sweeps.length < 2) return null
  return (
    <fieldset className="control-group" data-testid="sweep-history">
      <legend>Sweeps of this session</legend>
      <ul className="plain-list">
        {props.sweeps.map((record) => (
          <li key={record.id} className="request">
            <span>{sweepLabel(record)}</span>
            <span className="form-row">
              {record.id === props.shownId ? (
                <strong>shown</strong>
              ) : (
                <>
                  <button type="button" className="button button--small" onClick={() => props.onShow(record)}>
                    Show
                  </button>
                  <label className="inline-check">
                    <input
                      type="checkbox"
                      checked={props.overlayIds.includes(record.id)}
                      onChange={(e) => props.onOverlay(record.id, e.target.checked)}
                    />
                    Overlay
                  </label>
                </>
              )}
            </span>
          </li>
        ))}
      </ul>
    </fieldset>
  )
}
