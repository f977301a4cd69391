import { parseArgs } from 'node:util'
import { loadConfig } from '../config/load.js'
import type { ConfigLayer } from '../config/schema.js'
import { startStation } from '../station/station.js'
import { createStationLog } from './station-log.js'
import { UsageError } from './usage-error.js'

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
  --ready-json       print {"event":"ready","url":...,"fingerprint":...} on stdout once listening
  -h, --help         show this help`

function toNumber(flag: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined
  const value = Number(raw)
  if (raw.trim() === '' || !Number.isFinite(value)) throw new UsageError(`--${flag} expects a number, got "${raw}"`)
  return value
}

export type ServeIo = {
  argv: string[]
  env: NodeJS.ProcessEnv
  stdout: (line: string) => void
  /** Resolves when the process is asked to stop (SIGINT/SIGTERM). */
  stopSignal: Promise<string>
}

/** `mfc-station serve`: runs until a stop signal, then shuts every service down in reverse order. */
export async function serveCommand(io: ServeIo): Promise<number> {
  let values
  try {
    ;({ values } = parseArgs({
      args: io.argv,
      strict: true,
      allowPositionals: false,
      options: {
        host: { type: 'string' },
        port: { type: 'string' },
        'data-dir': { type: 'string' },
        config: { type: 'string' },
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
    }))
  } catch (error) {
    throw new UsageError((error as Error).message.split('\n')[0] ?? String(error))
  }
  if (values.help) {
    io.stdout(serveUsage)
    return 0
  }

  const flags: ConfigLayer = {}
  if (values.host !== undefined) flags.host = values.host
  const port = toNumber('port', values.port)
  if (port !== undefined) flags.port = port
  if (values['data-dir'] !== undefined) flags.dataDir = values['data-dir']
  if (values['log-level'] !== undefined) flags.logLevel = values['log-level']
  const tickHz = toNumber('tick-hz', values['tick-hz'])
  const speed = toNumber('speed', values.speed)
  const sim: NonNullable<ConfigLayer['sim']> = {}
  if (tickHz !== undefined) sim.tickHz = tickHz
  if (speed !== undefined) sim.speed = speed
  if (values.scenario !== undefined) sim.scenario = values.scenario
  if (values['no-auto-start']) sim.autoStart = false
  if (Object.keys(sim).length > 0) flags.sim = sim
  const list = (raw: string) =>
    raw
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item !== '')
  const security: NonNullable<ConfigLayer['security']> = {}
  if (values.secrets !== undefined) security.secrets = values.secrets
  if (values['trust-proxy'] !== undefined) security.trustProxy = list(values['trust-proxy'])
  if (values['allowed-hosts'] !== undefined) security.allowedHosts = list(values['allowed-hosts'])
  if (Object.keys(security).length > 0) flags.security = security

  const config = loadConfig({
    flags,
    env: io.env,
    ...(values.config === undefined ? {} : { configFile: values.config }),
  })
  const station = await startStation(config, { log: createStationLog(config) })
  if (values['ready-json'])
    io.stdout(JSON.stringify({ event: 'ready', url: station.url, fingerprint: station.fingerprint }))
  else io.stdout(`MFC Station ${station.version} at ${station.url}  certificate SHA-256 ${station.fingerprint}`)

  await io.stopSignal
  await station.close()
  return 0
}
