import { systemClock } from '../clock.js'
import { instrumentDeviceSchema } from '../config/instruments-schema.js'
import { ConfigError, loadConfig } from '../config/load.js'
import { compileChannelMap } from '../instruments/channel-map.js'
import { messageOf } from '../instruments/errors.js'
import { probeDevice } from '../instruments/probe.js'
import { checkAddress, defineDevice } from '../instruments/protocols.js'
import { instrumentSecretName } from '../instruments/devices.js'
import { isInstrumentSecret } from '../secrets/secret-store.js'
import { CommandFailed } from './ops/common.js'
import { changeSecret } from './secret.js'
import { parseCommandLine, UsageError } from './usage-error.js'

export const instrumentsUsage = `Usage: mfc-station instruments read <uri> <address> [--timeout-ms N] [--json]
       mfc-station instruments test --config FILE [--json]
       mfc-station instruments secret NAME [--data-dir DIR]   (the value on stdin)

read   connects to one device, reads one address once and prints the value
       (e.g. instruments read modbus-tcp://127.0.0.1:5020?unit=1 input:0:float32)
test   connects to every device of a station configuration file, identifies it where the protocol
       can, reads every mapped channel once and prints a table; exit 1 if anything failed
secret stores an instrument credential (an MQTT password) in the station's secret store under NAME,
       which a device names as passwordSecret; run it with the station stopped or restart it after`

type Io = { env: NodeJS.ProcessEnv; stdout: (line: string) => void }

function parse(argv: string[]) {
  return parseCommandLine({
    args: argv,
    strict: true,
    allowPositionals: true,
    options: {
      config: { type: 'string' },
      'data-dir': { type: 'string' },
      'timeout-ms': { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  })
}

async function read(positionals: string[], values: ReturnType<typeof parse>['values'], io: Io): Promise<number> {
  const [uri, address, ...extra] = positionals
  if (uri === undefined || address === undefined || extra.length > 0)
    throw new UsageError('instruments read takes <uri> <address>')
  const timeoutMs = values['timeout-ms'] === undefined ? 2000 : Number(values['timeout-ms'])
  if (!Number.isInteger(timeoutMs) || timeoutMs < 10)
    throw new UsageError('--timeout-ms takes an integer of 10 or more')
  let device
  try {
    device = defineDevice(instrumentDeviceSchema.parse({ id: 'cli', uri, timeoutMs }))
    checkAddress(device, address)
  } catch (error) {
    throw new UsageError(`${uri} ${address}: ${messageOf(error)}`)
  }
  const { identity, results, error } = await probeDevice(device, [address], { clock: systemClock, timeoutMs })
  const result = results[0]
  const failure = error ?? (result && 'error' in result ? result.error : null) ?? (result ? null : 'no answer')
  if (failure !== null) throw new ProbeError(`${uri} ${address}: ${failure}`)
  const raw = (result as { raw: number }).raw
  io.stdout(values.json ? JSON.stringify({ uri, address, value: raw, atMs: result!.atMs, identity }) : String(raw))
  return 0
}

type Row = {
  device: string
  protocol: string
  identity: string
  target: string
  address: string
  value: string
  error: string
}

async function test(values: ReturnType<typeof parse>['values'], io: Io): Promise<number> {
  if (values.config === undefined) throw new UsageError('instruments test needs --config FILE')
  const config = loadConfig({ configFile: values.config, env: io.env })
  const map = compileChannelMap(config.instruments)
  if (map.devices.length === 0) throw new ConfigError(`${values.config}: instruments.devices is empty`)
  const rows: Row[] = []
  for (const device of map.devices) {
    const { id } = device.config
    const addresses = map.addresses(id)
    const probe = await probeDevice(device, addresses, { clock: systemClock, timeoutMs: device.config.timeoutMs })
    const base = { device: id, protocol: device.spec.protocol, identity: probe.identity ?? '' }
    if (probe.error !== null || addresses.length === 0)
      rows.push({ ...base, target: '', address: '', value: '', error: probe.error ?? '' })
    for (const result of probe.results) {
      const targets = map.mappings.filter((m) => m.device === id && m.address === result.address).map((m) => m.target)
      const value = 'raw' in result ? String(result.raw) : ''
      rows.push({
        ...base,
        target: targets.join(', '),
        address: result.address,
        value,
        error: 'error' in result ? result.error : '',
      })
    }
  }
  if (values.json) io.stdout(JSON.stringify({ rows }))
  else printTable(rows, io)
  return rows.some((row) => row.error !== '') ? 1 : 0
}

function printTable(rows: Row[], io: Io): void {
  const columns: Array<keyof Row> = ['device', 'protocol', 'identity', 'target', 'address', 'value', 'error']
  const width = (column: keyof Row) => Math.max(column.length, ...rows.map((row) => row[column].length))
  const line = (cells: Record<keyof Row, string>) =>
    columns
      .map((c) => cells[c].padEnd(width(c)))
      .join('  ')
      .trimEnd()
  io.stdout(line(Object.fromEntries(columns.map((c) => [c, c])) as Record<keyof Row, string>))
  for (const row of rows) io.stdout(line(row))
}

/** A device that could not be read: one line, exit code 1 (a failed command, docs/operations.md "Operations CLI"). */
export class ProbeError extends CommandFailed {
  override name = 'ProbeError'
}

/** `mfc-station instruments read|test|secret` (docs/instruments.md "Command line"). */
export async function instrumentsCommand(argv: string[], io: Io & { stdin: () => Promise<string> }): Promise<number> {
  const { values, positionals } = parse(argv)
  const [sub, ...rest] = positionals
  if (values.help || sub === undefined) return (io.stdout(instrumentsUsage), values.help ? 0 : 2)
  if (sub === 'read') return read(rest, values, io)
  if (sub === 'secret') {
    if (rest.length !== 1) throw new UsageError('instruments secret takes one NAME')
    const name = instrumentSecretName(rest[0]!)
    if (!isInstrumentSecret(name))
      throw new UsageError(`"${rest[0]}": a secret name is letters, digits, "_", "." and "-"`)
    // The same as `mfc-station secret set instrument.<NAME>` (docs/instruments.md "Credentials").
    return changeSecret('set', name, values['data-dir'], { ...io, readStdin: io.stdin })
  }
  if (sub === 'test') {
    if (rest.length > 0) throw new UsageError(`instruments test takes no arguments, got "${rest.join(' ')}"`)
    return test(values, io)
  }
  throw new UsageError(`unknown instruments command "${sub}" (try: read, test, secret)`)
}
