/** Alarms shown at once: a pilot stack's whole list would cost every render a table of 512 rows. */
export const ALARMS_PER_PAGE = 50

/** Which page of the list is shown, with buttons to move; nothing when the list fits on one page. */
export function AlarmPager({ page, total, onPage }: { page: number; total: number; onPage(page: number): void }) {
  const pages = Math.ceil(total / ALARMS_PER_PAGE)
  if (pages <= 1) return null
  const first = page * ALARMS_PER_PAGE + 1
  const last = Math.min(total, (page + 1) * ALARMS_PER_PAGE)
  return (
    <nav className="form-row" aria-label="Alarm list pages">
      <button type="button" className="button button--small" disabled={page === 0} onClick={() => onPage(page - 1)}>
        Previous {ALARMS_PER_PAGE}
      </button>
      <span data-testid="alarm-page" aria-live="off">
        Alarms {first}–{last} of {total}
      </span>
      <button
        type="button"
        className="button button--small"
        disabled={page >= pages - 1}
        onClick={() => onPage(page + 1)}
      >
        Next {ALARMS_PER_PAGE}
      </button>
    </nav>
  )
}
