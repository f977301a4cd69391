#!/usr/bin/env node
import { readFile, writeFile } from 'node:fs/promises'
import { ConfigError, defaultDataDir } from '../config/load.js'
import { ListenError } from '../http/listen.js'
import { silentLogger } from '../logger.js'
import { probeKeychain, SecretStoreError } from '../secrets/open-secret-store.js'
import { DataDirError } from '../station/data-dir.js'
import { RestoreError } from '../store/restore.js'
import { auditCommand } from './audit.js'
import { backupCommand, restoreCommand } from './backup.js'
import { doctorCommand } from './doctor.js'
import { CommandFailed, type OpsIo } from './ops/common.js'
import { configCommand } from './ops/config-check.js'
import { readSecret } from './ops/read-secret.js'
import { runsCommand } from './ops/runs.js'
import { statusCommand } from './ops/status.js'
import { tlsCommand } from './ops/tls.js'
import { tokenCommand } from './ops/tokens.js'
import { userCommand } from './ops/users.js'
import { serveCommand } from './serve.js'
import { simCommand } from './sim.js'
import { UsageError } from './usage-error.js'

const stdout = (line: string) => process.stdout.write(`${line}\n`)
const io: OpsIo = { env: process.env, stdout, readSecret, now: Date.now }

/**
 * Every command: its one-line summary for the usage and what runs it with the remaining arguments
 * (docs/operations.md "Commands"). A new command is one more row.
 */
const commands: Record<string, { summary: string; run: (argv: string[]) => Promise<number> | number }> = {
  serve: {
    summary: 'start the station headless (HTTPS API, WSS stream, web UI)',
    run: (argv) => serveCommand({ argv, env: process.env, stdout, stopSignal: stopSignal() }),
  },
  status: {
    summary: 'health, run, streams, certificate and recorder of the station',
    run: (argv) => statusCommand(argv, io),
  },
  tls: {
    summary: 'certificate: status, renew, self-signed, import, import-pfx, backup, restore',
    run: (argv) => tlsCommand(argv, io),
  },
  token: { summary: 'API tokens: create, list, revoke', run: (argv) => tokenCommand(argv, io) },
  user: { summary: 'users: add, list, reset-password, disable', run: (argv) => userCommand(argv, io) },
  config: {
    summary: 'config check: the effective configuration and where each value came from',
    run: (argv) => configCommand(argv, io),
  },
  runs: { summary: 'recorded runs: list, export ID --csv FILE', run: (argv) => runsCommand(argv, io) },
  sim: {
    summary: 'run, sweep, train, compare and benchmark the simulation headless',
    run: (argv) =>
      simCommand(argv, {
        stdout,
        stderr: (line) => process.stderr.write(`${line}\n`),
        readFile: (path) => readFile(path, 'utf8'),
        writeFile: (path, data) => writeFile(path, data),
        now: () => performance.now(),
      }),
  },
  audit: { summary: "verify the audit log's hash chain (audit verify)", run: (argv) => auditCommand(argv, io) },
  backup: {
    summary: 'copy the station database into <data dir>/backups (also while the station runs)',
    run: (argv) => backupCommand(argv, io),
  },
  restore: { summary: 'replace the database with a backup (station stopped)', run: (argv) => restoreCommand(argv, io) },
  doctor: {
    summary: 'check port, certificate, keychain and a TLS handshake; pass/fail per check',
    run: (argv) => doctorCommand(argv, { env: process.env, stdout, checkSecretStore: checkKeychain }),
  },
}

const usage = `Usage: mfc-station <command> [options]

Commands:
${Object.entries(commands)
  .map(([name, command]) => `  ${name.padEnd(8)} ${command.summary}`)
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
