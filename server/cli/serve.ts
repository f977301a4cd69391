import { join } from 'node:path'
import { loadConfig } from '../config/load.js'
import type { ConfigLayer } from '../config/schema.js'
import { setupCodeNotice } from '../auth/setup-code-notice.js'
import { startStation, type RunningStation } from '../station/station.js'
import { createStationLog } from './station-log.js'
import { locationFlags, locationOptions, numberFlag } from './location-flags.js'
import { parseCommandLine } from './usage-error.js'

export const serveUsage = `Usage: mfc-station serve [options]

Starts the station headless: HTTPS API, WSS stream and the web UI on one port.

Options:
  --host ADDR        address to listen on (default 127.0.0.1; 0.0.0.0 exposes it to the network)
  --port N           TCP port, 0 for any free port (default 8443)
  --data-dir DIR     where certificates, logs and data live
  --config FILE      JSON config file (default: config.json in the data dir, if present)
  --log-level LEVEL  error | warn | info | verbose | debug
  --tick-hz N        telemetry frames per second (default 10)
  --speed N          simulated seconds per wall second (default 600)
  --scenario FILE    run configuration to start with (default resources/scenarios/station-default.json)
  --no-auto-start    load the scenario but wait for a start command
  --secrets MODE     where the session key and token pepper live: auto (OS keychain, else a
                     loudly reported 0600 file), keychain (no keychain is an error), file
  --trust-proxy LIST reverse proxies (addresses/CIDRs, comma-separated) whose X-Forwarded-For counts
  --allowed-hosts LIST extra host names the station answers to (e.g. the proxy's public name)
  --ready-json       print {"event":"ready","url":...,"fingerprint":...,"setupRequired":...} on stdout
                     once listening, and nothing else there (the setup code, if any, goes to stderr)
  -h, --help         show this help`

export type ServeIo = {
  argv: string[]
  env: NodeJS.ProcessEnv
  stdout: (line: string) => void
  /** With --ready-json, where the setup code goes (stdout is for JSON lines only). */
  stderr: (line: string) => void
  /** Resolves when the process is asked to stop (SIGINT/SIGTERM). */
  stopSignal: Promise<string>
}

function parseServeArgs(argv: string[]) {
  return parseCommandLine({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      ...locationOptions,
      'log-level': { type: 'string' },
      'tick-hz': { type: 'string' },
      speed: { type: 'string' },
      scenario: { type: 'string' },
      'no-auto-start': { type: 'boolean', default: false },
      secrets: { type: 'string' },
      'trust-proxy': { type: 'string' },
      'allowed-hosts': { type: 'string' },
      'ready-json': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  }).values
}

type ServeValues = ReturnType<typeof parseServeArgs>

const list = (raw: string) =>
  raw
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '')

/** The configuration layer the flags describe (the strongest one, docs/configuration.md). */
export function serveFlags(values: ServeValues): ConfigLayer {
  const flags = locationFlags(values)
  if (values['log-level'] !== undefined) flags.logLevel = values['log-level']
  const tickHz = numberFlag('tick-hz', values['tick-hz'])
  const speed = numberFlag('speed', values.speed)
  const sim: NonNullable<ConfigLayer['sim']> = {}
  if (tickHz !== undefined) sim.tickHz = tickHz
  if (speed !== undefined) sim.speed = speed
  if (values.scenario !== undefined) sim.scenario = values.scenario
  if (values['no-auto-start']) sim.autoStart = false
  if (Object.keys(sim).length > 0) flags.sim = sim
  const security: NonNullable<ConfigLayer['security']> = {}
  if (values.secrets !== undefined) security.secrets = values.secrets
  if (values['trust-proxy'] !== undefined) security.trustProxy = list(values['trust-proxy'])
  if (values['allowed-hosts'] !== undefined) security.allowedHosts = list(values['allowed-hosts'])
  if (Object.keys(security).length > 0) flags.security = security
  return flags
}

/**
 * What a newcomer reads first (docs/operations.md "First start"): the URL and the certificate's
 * fingerprint, the admin to sign in as, where the logs are; then, while there is no admin, the setup
 * code once, framed.
 */
function startLines(station: RunningStation, setupCode: string | undefined): string[] {
  const admin = station.firstUser()
  return [
    `MFC Station ${station.version} at ${station.url}  certificate SHA-256 ${station.fingerprint}`,
    `  admin user: ${admin ?? 'none yet; create the first admin with the one-time setup code below'}`,
    `  logs: ${join(station.logsDir, 'station.log')}`,
    ...(setupCode === undefined ? [] : ['', ...setupCodeNotice(setupCode, `${station.url}/setup`)]),
  ]
}

/** `mfc-station serve`: runs until a stop signal, then shuts every service down in reverse order. */
export async function serveCommand(io: ServeIo): Promise<number> {
  const values = parseServeArgs(io.argv)
  if (values.help) {
    io.stdout(serveUsage)
    return 0
  }
  const config = loadConfig({
    flags: serveFlags(values),
    env: io.env,
    ...(values.config === undefined ? {} : { configFile: values.config }),
  })
  const readyJson = values['ready-json']
  // People read the first lines (URL, fingerprint, admin, logs) before start-up chatter; scripts read
  // stdout for JSON only, so for them nothing waits and the setup code goes to stderr.
  const log = createStationLog(config, { holdConsole: !readyJson })
  let setupCode: string | undefined
  let station: RunningStation
  try {
    // Every line the station prints for the operator is also in its log, whose console is this terminal:
    // printing it as well showed it twice. The setup code alone is shown here, once.
    station = await startStation(config, { log, print: () => undefined, onSetupCode: (code) => (setupCode = code) })
  } catch (error) {
    log.releaseConsole()
    throw error
  }
  if (readyJson) {
    if (setupCode !== undefined) setupCodeNotice(setupCode, `${station.url}/setup`).forEach(io.stderr)
    const { url, fingerprint } = station
    io.stdout(JSON.stringify({ event: 'ready', url, fingerprint, setupRequired: station.setupRequired() }))
  } else startLines(station, setupCode).forEach(io.stdout)
  log.releaseConsole()

  await io.stopSignal
  await station.close()
  return 0
}
