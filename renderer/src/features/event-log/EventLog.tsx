import { useEventLog } from '../../store'

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' })

/** Operator changes (accepted or refused, with the reason) and stream events, newest first. */
export function EventLog() {
  const entries = useEventLog((s) => s.entries)
  return (
    <section className="panel event-log" aria-labelledby="event-log-title">
      <h2 id="event-log-title">Event log</h2>
      {entries.length === 0 ? (
        <p className="muted">Nothing yet.</p>
      ) : (
        <ol className="event-log__list" data-testid="event-log">
          {entries.map((entry) => (
            <li key={entry.id} className={`event-log__entry event-log__entry--${entry.kind}`} data-kind={entry.kind}>
              <time dateTime={new Date(entry.atMs).toISOString()}>{timeFormat.format(entry.atMs)}</time>{' '}
              <span>{entry.text}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  )
}
