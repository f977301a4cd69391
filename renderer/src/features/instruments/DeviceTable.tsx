import type { DeviceStatus } from '../../../../server/contract/instruments'
import { formatTime } from './format'
import type { InstrumentsStore } from './instruments-store'

const stateBadge = { online: 'ok', connecting: 'warn', offline: 'bad', stopped: 'bad' } as const

function ReadNow({ device, store, allowed }: { device: string; store: InstrumentsStore; allowed: boolean }) {
  const read = store((s) => s.reads[device])
  const readNow = store((s) => s.readNow)
  if (!allowed) return null
  return (
    <div className="instruments__read">
      <button
        type="button"
        className="button button--small"
        disabled={read?.pending}
        onClick={() => void readNow(device)}
      >
        Read now
      </button>
      {read?.error && <span className="text-bad">{read.error}</span>}
      {read?.answer && (
        <ul className="instruments__readings" data-testid={`read-${device}`}>
          {read.answer.readings.map((reading) => (
            <li key={reading.address}>
              <code>{reading.address}</code> = {reading.raw ?? <span className="text-bad">{reading.error}</span>}
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}

/** Every device with its link state and counters; what went wrong last, and when. */
export function DeviceTable(props: { devices: readonly DeviceStatus[]; store: InstrumentsStore; canOperate: boolean }) {
  return (
    <table className="table" data-testid="instrument-devices">
      <thead>
        <tr>
          <th>Device</th>
          <th>State</th>
          <th>Last good reading</th>
          <th>Polls</th>
          <th>Timeouts</th>
          <th>Errors</th>
          <th>Reconnects</th>
          <th>Last error</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {props.devices.map((device) => (
          <tr key={device.id} data-testid={`device-${device.id}`} data-state={device.state}>
            <td>
              <strong>{device.id}</strong> <span className="muted">{device.protocol}</span>
              <div className="muted">{device.identity ?? device.uri}</div>
            </td>
            <td>
              <span className={`badge badge--${stateBadge[device.state]}`}>{device.state}</span>
            </td>
            <td>{formatTime(device.lastGoodAtMs)}</td>
            <td>{device.polls}</td>
            <td>{device.timeouts}</td>
            <td>{device.errors}</td>
            <td>{device.reconnects}</td>
            <td>
              {device.lastError ? (
                <span title={formatTime(device.lastErrorAtMs)}>{device.lastError}</span>
              ) : (
                <span className="muted">none</span>
              )}
            </td>
            <td>
              <ReadNow device={device.id} store={props.store} allowed={props.canOperate} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
