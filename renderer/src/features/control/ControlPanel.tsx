import { useCan, useSimulation } from '../../store'
import { EventLog } from '../event-log/EventLog'
import { ActiveFaults } from './ActiveFaults'
import { ConfigForm } from './ConfigForm'
import { celsius, type ConfigField } from './config-fields'
import { ControlLockBar } from './ControlLockBar'
import { ControllerForm } from './ControllerForm'
import { FaultForm } from './FaultForm'
import { RunControls } from './RunControls'
import { SpeedForm } from './SpeedForm'

const setpointFields: ConfigField[] = [{ path: ['targets', 'substrateMgL'], label: 'Substrate target', unit: 'mg/L' }]
const loadFields: ConfigField[] = [{ path: ['load', 'rExtOhm'], label: 'External resistance R_ext', unit: 'Ω' }]
const feedFields: ConfigField[] = [
  { path: ['feed', 'flowLPerDay'], label: 'Flow', unit: 'L/d' },
  { path: ['feed', 'influentMgL'], label: 'Influent', unit: 'mg/L' },
  { path: ['feed', 'dosingMgPerDay'], label: 'Dosing', unit: 'mg/d' },
  { path: ['feed', 'temperatureK'], label: 'Temperature', ...celsius },
]

/** Run control and live configuration, for users with simulation:control; the event log beside it. */
export function ControlPanel() {
  const canControl = useCan('simulation:control')
  const restartRequired = useSimulation((s) => s.status?.restartRequired)
  const readError = useSimulation((s) => s.readError)
  return (
    <div className="overview">
      <section className="panel control" aria-labelledby="control-title">
        <h2 id="control-title">Control</h2>
        {readError && (
          <p role="alert" className="outcome outcome--bad">
            Cannot read the simulation: {readError}
          </p>
        )}
        {restartRequired && <p className="notice">Some changes apply after the next reset.</p>}
        {canControl ? (
          <>
            <ControlLockBar />
            <RunControls />
            <SpeedForm />
            <ControllerForm />
            <ConfigForm title="Setpoints" fields={setpointFields} testId="setpoints-form" />
            <ConfigForm title="Load" fields={loadFields} testId="load-form" />
            <ConfigForm title="Feed" fields={feedFields} testId="feed-form" />
            <FaultForm />
            <ActiveFaults />
          </>
        ) : (
          <p className="muted" data-testid="no-control">
            Your role may watch but not control the simulation.
          </p>
        )}
      </section>
      <EventLog />
    </div>
  )
}
