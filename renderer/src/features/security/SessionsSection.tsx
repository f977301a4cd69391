import { OutcomeNote } from '../../app/OutcomeNote'
import { formatDateTime } from '../../app/time-format'
import { useChange } from '../../app/use-change'
import { useSecurity } from '../../store'

/** Who is signed in now; an admin can end any session. */
export function SessionsSection() {
  const sessions = useSecurity((s) => s.sessions)
  const revoke = useSecurity((s) => s.revokeSession)
  const { outcome, apply } = useChange()
  return (
    <section className="panel" aria-labelledby="sessions-title" data-testid="sessions">
      <h2 id="sessions-title">Active sessions</h2>
      <OutcomeNote outcome={outcome} />
      <table className="table">
        <thead>
          <tr>
            <th scope="col">User</th>
            <th scope="col">From</th>
            <th scope="col">Signed in</th>
            <th scope="col">Last seen</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {sessions.map((s) => (
            <tr key={s.id}>
              <td>{s.username}</td>
              <td>{s.local ? 'desktop window' : `${s.ip} · ${s.userAgent.slice(0, 40)}`}</td>
              <td>{formatDateTime(s.createdAt)}</td>
              <td>{formatDateTime(s.lastSeenAt)}</td>
              <td>
                <button
                  type="button"
                  className="button button--small button--danger"
                  onClick={() =>
                    void apply(
                      {
                        title: `End ${s.username}'s session?`,
                        body: 'They are signed out at once.',
                        confirmLabel: 'End session',
                      },
                      () => revoke(s),
                    )
                  }
                >
                  End
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}
