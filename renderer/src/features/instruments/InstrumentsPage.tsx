import { useEffect } from 'react'
import type { ChannelStatus } from '../../../../server/contract/instruments'
import { createHttpClient } from '../../api/http-client'
import { useAuth, useCan } from '../../store'
import { DeviceTable } from './DeviceTable'
import { formatChannelValue, formatTime } from './format'
import { createInstrumentsStore } from './instruments-store'

/** Link status changes within seconds (a device dying); the page re-reads it this often while open. */
const REFRESH_MS = 2000

const useInstruments = createInstrumentsStore(createHttpClient({ csrfToken: () => useAuth.getState().me?.csrfToken }))

function ChannelMap({ channels }: { channels: readonly ChannelStatus[] }) {
  return (
    <table className="table" data-testid="instrument-channels">
      <thead>
        <tr>
          <th>Channel</th>
          <th>Device</th>
          <th>Address</th>
          <th>Unit</th>
          <th>Raw</th>
          <th>Value</th>
          <th>At</th>
        </tr>
      </thead>
      <tbody>
        {channels.map((channel) => (
          <tr key={channel.target} data-testid="channel" data-out-of-range={channel.outOfRange}>
            <td>{channel.target}</td>
            <td>{channel.device}</td>
            <td>
              <code>{channel.address}</code>
            </td>
            <td>{channel.unit}</td>
            <td>{channel.raw ?? '—'}</td>
            <td className={channel.outOfRange ? 'text-bad' : undefined}>
              {formatChannelValue(channel)}
              {channel.outOfRange && ' (out of range)'}
            </td>
            <td>{formatTime(channel.atMs)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

/** The Instruments page (docs/instruments.md "The Instruments page"): devices, status, errors, the channel map, read now. */
export function InstrumentsPage() {
  const status = useInstruments((s) => s.status)
  const error = useInstruments((s) => s.error)
  const refresh = useInstruments((s) => s.refresh)
  const canOperate = useCan('instruments:operate')
  useEffect(() => {
    void refresh()
    const timer = setInterval(() => void refresh(), REFRESH_MS)
    return () => clearInterval(timer)
  }, [refresh])
  return (
    <div className="instruments" data-testid="instruments-page">
      <section className="panel" aria-labelledby="instruments-title">
        <h2 id="instruments-title">Instruments</h2>
        {error && <p className="text-bad">{error}</p>}
        {status === undefined ? (
          <p className="muted">Reading the instruments…</p>
        ) : status.devices.length === 0 ? (
          <p className="muted">No instruments are configured (instruments.devices in the station configuration).</p>
        ) : (
          <>
            <p className="muted" data-testid="instruments-run">
              {status.run
                ? `Hardware run ${status.run.runId.slice(0, 8)} ${status.run.state}, ${status.run.frames} frames`
                : 'The station runs the simulation: instruments are connected and shown, not recorded.'}
            </p>
            <DeviceTable devices={status.devices} store={useInstruments} canOperate={canOperate} />
          </>
        )}
      </section>
      {status && status.channels.length > 0 && (
        <section className="panel" aria-labelledby="channels-title">
          <h2 id="channels-title">Channel map</h2>
          <ChannelMap channels={status.channels} />
        </section>
      )}
    </div>
  )
}
