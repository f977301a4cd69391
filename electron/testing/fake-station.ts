import type { RunningStation } from '../../server/index.js'
import type { RunState } from '../../server/contract/simulation.js'
import type { StationEvent } from '../../server/contract/stream.js'
import type { TestCertificate } from './certificates.js'

/**
 * A station stand-in whose certificate, run state and events the test controls; `log` records
 * simulation commands and closes.
 */
export function createFakeStation(options: {
  log: string[]
  url: string
  certificate: TestCertificate
  close: () => Promise<void>
}) {
  const { log, url } = options
  const listeners = new Set<(event: StationEvent) => void>()
  let runState: RunState = 'running'
  let certificate = options.certificate
  const status = () => ({ state: runState }) as ReturnType<RunningStation['simulation']['status']>
  const setRunState = (next: RunState, command: string) => {
    log.push(command)
    runState = next
    return status()
  }
  const station = {
    url,
    port: Number(new URL(url).port),
    get fingerprint() {
      return certificate.fingerprint256
    },
    get certificatePem() {
      return certificate.certPem
    },
    version: '9.9.9',
    dataDir: '/var/lib/station',
    logsDir: '/var/lib/station/logs',
    localSession: () => ({ name: '__Host-mfc_session', value: `local-operator-token-${url}` }),
    onEvent(listener: (event: StationEvent) => void) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    simulation: {
      status,
      start: () => setRunState('running', 'sim.start'),
      stop: () => setRunState('stopped', 'sim.stop'),
    },
    close: async () => {
      log.push(`station.close ${url}`)
      await options.close()
    },
    setupRequired: () => false,
    firstUser: () => 'admin',
  } satisfies RunningStation
  return {
    station,
    emit: (event: StationEvent) => listeners.forEach((listener) => listener(event)),
    /** The station serves another certificate from now on, as after a renewal. */
    replaceCertificate: (next: TestCertificate) => (certificate = next),
    listenerCount: () => listeners.size,
  }
}
