#!/usr/bin/env node
import { readFile, writeFile } from 'node:fs/promises'
import { ConfigError, defaultDataDir } from '../config/load.js'
import { ListenError } from '../http/listen.js'
import { silentLogger } from '../logger.js'
import { probeKeychain, SecretStoreError } from '../secrets/open-secret-store.js'
import { DataDirError } from '../station/data-dir.js'
import { RestoreError } from '../store/restore.js'
import { CommandFailed, type OpsIo } from './ops/common.js'
import { readSecret } from './ops/read-secret.js'
import type { SimIo } from './sim-input.js'
import { UsageError } from './usage-error.js'

const stdout = (line: string) => process.stdout.write(`${line}\n`)
const stderr = (line: string) => process.stderr.write(`${line}\n`)
const io: OpsIo = { env: process.env, stdout, readSecret, now: Date.now }
/** The offline commands (sim, twin, analyze) read and write files the operator names. */
const simIo: SimIo = {
  stdout,
  stderr,
  readFile: (path) => readFile(path, 'utf8'),
  writeFile: (path, data) => writeFile(path, data),
  now: () => performance.now(),
}

/**
 * Every command: its one-line summary for the usage and what runs it with the remaining arguments
 * (docs/operations.md "Commands"). A new command is one more row. Each command's code is loaded only
 * when it runs, so a short command does not pay for loading the station.
 */
const commands: Record<string, { summary: string; run: (argv: string[]) => Promise<number> }> = {
  serve: {
    summary: 'start the station headless (HTTPS API, WSS stream, web UI)',
    run: async (argv) =>
      (await import('./serve.js')).serveCommand({ argv, env: process.env, stdout, stderr, stopSignal: stopSignal() }),
  },
  status: {
    summary: 'health, run, streams, certificate and recorder of the station',
    run: async (argv) => (await import('./ops/status.js')).statusCommand(argv, io),
  },
  tls: {
    summary: 'certificate: status, renew, self-signed, import, import-pfx, backup, restore',
    run: async (argv) => (await import('./ops/tls.js')).tlsCommand(argv, io),
  },
  token: {
    summary: 'API tokens: create, list, revoke',
    run: async (argv) => (await import('./ops/tokens.js')).tokenCommand(argv, io),
  },
  user: {
    summary: 'users: add, list, reset-password, disable',
    run: async (argv) => (await import('./ops/users.js')).userCommand(argv, io),
  },
  config: {
    summary: 'config check: the effective configuration and where each value came from',
    run: async (argv) => (await import('./ops/config-check.js')).configCommand(argv, io),
  },
  runs: {
    summary: 'recorded runs: list, export ID --csv FILE',
    run: async (argv) => (await import('./ops/runs.js')).runsCommand(argv, io),
  },
  sim: {
    summary: 'run, sweep, train, compare and benchmark the simulation headless',
    run: async (argv) => (await import('./sim.js')).simCommand(argv, simIo),
  },
  twin: {
    summary: "fit the model's parameters to a cell's polarization points (twin fit ... --json)",
    run: async (argv) => (await import('./twin.js')).twinCommand(argv, simIo),
  },
  analyze: {
    summary:
      'lab analyses: a polarization curve file (analyze polarization FILE), coulombic efficiency (analyze coulombic)',
    run: async (argv) => (await import('./analyze.js')).analyzeCommand(argv, simIo, process.env),
  },
  audit: {
    summary: "verify the audit log's hash chain (audit verify)",
    run: async (argv) => (await import('./audit.js')).auditCommand(argv, io),
  },
  backup: {
    summary: 'copy the station database into <data dir>/backups (also while the station runs)',
    run: async (argv) => (await import('./backup.js')).backupCommand(argv, io),
  },
  restore: {
    summary: 'replace the database with a backup (station stopped)',
    run: async (argv) => (await import('./backup.js')).restoreCommand(argv, io),
  },
  doctor: {
    summary: 'check port, certificate, keychain and a TLS handshake; pass/fail per check',
    run: async (argv) =>
      (await import('./doctor.js')).doctorCommand(argv, { env: process.env, stdout, checkSecretStore: checkKeychain }),
  },
  secret: {
    summary: 'keep a credential (MQTT password, key passphrase) in the secret store (value on stdin)',
    run: async (argv) => (await import('./secret.js')).secretCommand(argv, { env: process.env, stdout, readStdin }),
  },
  instruments: {
    summary: 'read one instrument address, or test every device of a configuration',
    run: async (argv) =>
      (await import('./instruments.js')).instrumentsCommand(argv, { env: process.env, stdout, stdin: readStdin }),
  },
}

const nameWidth = Math.max(...Object.keys(commands).map((name) => name.length))
const usage = `Usage: mfc-station <command> [options]

Commands:
${Object.entries(commands)
  .map(([name, command]) => `  ${name.padEnd(nameWidth)} ${command.summary}`)
  .join('\n')}

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
  const [name, ...rest] = argv
  if (name === undefined || name === '-h' || name === '--help' || name === 'help') {
    stdout(usage)
    return name === undefined ? 2 : 0
  }
  const command = Object.hasOwn(commands, name) ? commands[name] : undefined
  if (!command) throw new UsageError(`unknown command "${name}" (try: ${Object.keys(commands).join(', ')})`)
  return command.run(rest)
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

/** Failures an operator can act on: one line. Usage and configuration mistakes exit 2, the others 1. */
const expectedErrors = [
  UsageError,
  ConfigError,
  ListenError,
  SecretStoreError,
  DataDirError,
  RestoreError,
  CommandFailed,
]

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code
  },
  (error: unknown) => {
    // Anything unexpected keeps its stack for a bug report.
    const expected = expectedErrors.some((type) => error instanceof type)
    process.stderr.write(
      `mfc-station: ${expected ? (error as Error).message : ((error as Error).stack ?? String(error))}\n`,
    )
    process.exitCode = error instanceof UsageError || error instanceof ConfigError ? 2 : 1
  },
)
