#!/usr/bin/env node
import { ConfigError } from '../config/load.js'
import { ListenError } from '../http/listen.js'
import { readFile, writeFile } from 'node:fs/promises'
import { defaultDataDir } from '../config/load.js'
import { probeKeychain, SecretStoreError } from '../secrets/open-secret-store.js'
import { analyzeCommand } from './analyze.js'
import { auditCommand } from './audit.js'
import { backupCommand, restoreCommand } from './backup.js'
import { doctorCommand } from './doctor.js'
import { secretCommand } from './secret.js'
import { instrumentsCommand, ProbeError } from './instruments.js'
import { serveCommand } from './serve.js'
import { simCommand } from './sim.js'
import { twinCommand } from './twin.js'
import { DataDirError } from '../station/data-dir.js'
import { RestoreError } from '../store/restore.js'
import { UsageError } from './usage-error.js'
import { silentLogger } from '../logger.js'

const usage = `Usage: mfc-station <command> [options]

Commands:
  serve    start the station headless (HTTPS API, WSS stream, web UI)
  sim      run, sweep, train, compare and benchmark the simulation headless
  audit    verify the audit log's hash chain (audit verify --data-dir DIR)
  backup   copy the station database into <data dir>/backups (also while the station runs)
  restore  replace the database with a backup (station stopped)
  doctor   check port, certificate, keychain and a TLS handshake; pass/fail per check
  secret   keep a credential (MQTT password, key passphrase) in the secret store (value on stdin)
  instruments  read one instrument address, or test every device of a configuration
  twin     fit the model's parameters to a cell's polarization points (twin fit ... --json)
  analyze  analyse a polarization curve file from potentiostat software (analyze polarization FILE)

Run 'mfc-station <command> --help' for a command's options.`

function stopSignal(): Promise<string> {
  return new Promise((resolve) => {
    const onSignal = (signal: string) => {
      process.off('SIGINT', onSignal)
      process.off('SIGTERM', onSignal)
      resolve(signal)
    }
    process.once('SIGINT', onSignal)
    process.once('SIGTERM', onSignal)
  })
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv
  const stdout = (line: string) => process.stdout.write(`${line}\n`)
  const simIo = {
    stdout,
    stderr: (line: string) => process.stderr.write(`${line}\n`),
    readFile: (path: string) => readFile(path, 'utf8'),
    writeFile: (path: string, data: string) => writeFile(path, data),
    now: () => performance.now(),
  }
  switch (command) {
    case 'serve':
      return serveCommand({ argv: rest, env: process.env, stdout, stopSignal: stopSignal() })
    case 'sim':
      return simCommand(rest, simIo)
    case 'twin':
      return twinCommand(rest, simIo)
    case 'analyze':
      return analyzeCommand(rest, simIo)
    case 'audit':
      return auditCommand(rest, { env: process.env, stdout })
    case 'backup':
      return backupCommand(rest, { env: process.env, stdout, now: Date.now })
    case 'restore':
      return restoreCommand(rest, { env: process.env, stdout, now: Date.now })
    case 'secret':
      return secretCommand(rest, { env: process.env, stdout, readStdin })
    case 'instruments':
      return instrumentsCommand(rest, { env: process.env, stdout, stdin: readStdin })
    case 'doctor':
      return doctorCommand(rest, { env: process.env, stdout, checkSecretStore: checkKeychain })
    case undefined:
    case '-h':
    case '--help':
    case 'help':
      stdout(usage)
      return command === undefined ? 2 : 0
    default:
      throw new UsageError(
        `unknown command "${command}" (try: serve, sim, twin, analyze, audit, backup, restore, doctor, secret, instruments)`,
      )
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

/** Keychain reachability for `doctor`: a probe round trip only, nothing created or migrated. */
async function checkKeychain(): Promise<{ ok: boolean; detail: string }> {
  try {
    await probeKeychain({
      mode: 'keychain',
      dataDir: defaultDataDir(process.env),
      log: silentLogger,
      probeTimeoutMs: 3000,
    })
    return { ok: true, detail: 'OS keychain (Secret Service) reachable and unlocked' }
  } catch (error) {
    return { ok: false, detail: `OS keychain unreachable: ${(error as Error).message}` }
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code
  },
  (error: unknown) => {
    // Expected failures are one line for the operator; anything else keeps its stack for a bug report.
    const expected =
      error instanceof UsageError ||
      error instanceof ConfigError ||
      error instanceof ListenError ||
      error instanceof SecretStoreError ||
      error instanceof DataDirError ||
      error instanceof RestoreError ||
      error instanceof ProbeError
    process.stderr.write(`mfc-station: ${expected ? error.message : ((error as Error).stack ?? String(error))}\n`)
    process.exitCode = error instanceof UsageError || error instanceof ConfigError ? 2 : 1
  },
)
