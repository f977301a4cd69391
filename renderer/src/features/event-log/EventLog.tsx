import { formatWallTime } from '../../app/time-format'
import { useEventLog } from '../../store'

/** Operator changes (accepted or refused, with the reason) and station events, newest first. */
export function EventLog() {
  const entries = useEventLog((s) => s.entries)
  return (
    <section className="panel event-log" aria-labelledby="event-log-title">
      <h2 id="event-log-title">Event log</h2>
      {entries.length === 0 ? (
        <p className="muted">Nothing yet.</p>
      ) : (
        // A log region (WAI-ARIA 1.2 "log") that scrolls: focusable so keyboard users can scroll it too.
        <div
          className="event-log__list"
          role="log"
          aria-labelledby="event-log-title"
          tabIndex={0}
          data-testid="event-log"
        >
          <ol className="event-log__entries">
            {entries.map((entry) => (
              <li key={entry.id} className={`event-log__entry event-log__entry--${entry.kind}`} data-kind={entry.kind}>
                <time dateTime={new Date(entry.atMs).toISOString()}>{formatWallTime(entry.atMs)}</time>{' '}
                <span>{entry.text}</span>
              </li>
            ))}
          </ol>
        </div>
      )}
    </section>
  )
}
