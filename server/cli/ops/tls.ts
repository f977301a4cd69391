import { readFile, writeFile } from 'node:fs/promises'
import { systemClock } from '../../clock.js'
import { keyTypes, tlsBackupSchema, type GenerateSelfSignedRequest, type TlsStatus } from '../../contract/tls.js'
import { silentLogger } from '../../logger.js'
import { lockDataDir } from '../../station/data-dir.js'
import { CertificateRejected } from '../../tls/certificate-checks.js'
import { TlsBusyError, TlsOperationError } from '../../tls/tls-errors.js'
import { createTlsManager, type TlsManager } from '../../tls/tls-manager.js'
import { UsageError } from '../usage-error.js'
import { commonUsage, CommandFailed, output, parseCommand, stringOption, type OpsIo, type Parsed } from './common.js'
import { openStationSecrets } from './offline.js'
import { fromApi, resolveTarget, type Target } from './target.js'

export const tlsUsage = `Usage: mfc-station tls status [options]
       mfc-station tls renew [options]
       mfc-station tls self-signed [--key-type TYPE] [--days N] [--name NAME ...] [--local-ca] [options]
       mfc-station tls import --cert FILE --key FILE [--chain FILE] [options]
       mfc-station tls import-pfx FILE [options]
       mfc-station tls backup --out FILE [options]
       mfc-station tls restore FILE [options]

The station's certificate (docs/certificates.md). A running station swaps it in without a restart.
import (of an encrypted key), import-pfx, backup and restore read their password or passphrase (12+
characters for backups) from stdin when it is not a terminal, else ask for it without echo. TYPE: ${keyTypes.join(' | ')}.

${commonUsage}`

type Operation = {
  api: (target: Extract<Target, { kind: 'api' }>) => Promise<unknown>
  offline: (tls: TlsManager) => unknown
}

/** The certificate manager of a stopped station, for one change, with the data dir locked meanwhile. */
async function withTlsManager<T>(
  target: Extract<Target, { kind: 'offline' }>,
  run: (tls: TlsManager) => Promise<T> | T,
) {
  const { config } = target
  const lock = await lockDataDir(config.dataDir)
  try {
    const secrets = await openStationSecrets(config)
    const tls = await createTlsManager({
      dataDir: config.dataDir,
      config: config.tls,
      secrets,
      log: silentLogger,
      clock: systemClock,
    })
    try {
      return await run(tls)
    } catch (error) {
      // The manager's refusals (bad material, an impossible operation) are the operator's to fix: one line.
      if (error instanceof CertificateRejected || error instanceof TlsOperationError || error instanceof TlsBusyError)
        throw new CommandFailed(error.message)
      throw error
    } finally {
      await tls.close()
    }
  } finally {
    await lock.release()
  }
}

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

const readText = (file: string, flag: string) =>
  readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new UsageError(`${flag} ${file}: ${error.code ?? error.message}`)
  })

function selfSignedRequest(values: Parsed['values']): GenerateSelfSignedRequest {
  const days = stringOption(values, 'days')
  const keyType = stringOption(values, 'key-type')
  if (keyType !== undefined && !(keyTypes as readonly string[]).includes(keyType))
    throw new UsageError(`--key-type must be one of ${keyTypes.join(', ')}`)
  if (days !== undefined && !/^\d+$/.test(days)) throw new UsageError(`--days expects a number, got "${days}"`)
  const names = values['name']
  return {
    ...(keyType ? { keyType: keyType as GenerateSelfSignedRequest['keyType'] } : {}),
    ...(days ? { validityDays: Number(days) } : {}),
    ...(Array.isArray(names) ? { names: names as string[] } : {}),
    ...(values['local-ca'] === true ? { localCa: true } : {}),
  }
}

/** The operation a `tls` action stands for, its inputs read and checked first. */
async function operationOf(action: string, args: string[], values: Parsed['values'], io: OpsIo): Promise<Operation> {
  const one = () => {
    if (args.length !== 1) throw new UsageError(`tls ${action} takes one FILE`)
    return args[0]!
  }
  if (action !== 'import-pfx' && action !== 'restore' && args.length > 0)
    throw new UsageError(`tls ${action}: unexpected "${args.join(' ')}"`)
  switch (action) {
    case 'status':
      return { api: (t) => fromApi(t.url, t.client.GET('/api/v1/tls/status')), offline: (tls) => tls.status() }
    case 'renew':
      return { api: (t) => fromApi(t.url, t.client.POST('/api/v1/tls/renew')), offline: (tls) => tls.renew() }
    case 'self-signed': {
      const body = selfSignedRequest(values)
      return {
        api: (t) => fromApi(t.url, t.client.POST('/api/v1/tls/self-signed', { body })),
        offline: (tls) => tls.generateSelfSigned(body),
      }
    }
    case 'import': {
      const [cert, key] = [stringOption(values, 'cert'), stringOption(values, 'key')]
      if (!cert || !key) throw new UsageError('tls import needs --cert FILE and --key FILE')
      const chain = stringOption(values, 'chain')
      const keyPem = await readText(key, '--key')
      // An encrypted key (PKCS#8 "ENCRYPTED PRIVATE KEY") needs its passphrase: asked for like a password.
      const keyPassphrase = keyPem.includes('ENCRYPTED') ? await io.readSecret('key passphrase: ') : undefined
      const body = {
        certPem: await readText(cert, '--cert'),
        keyPem,
        ...(chain ? { chainPem: await readText(chain, '--chain') } : {}),
        ...(keyPassphrase === undefined ? {} : { keyPassphrase }),
      }
      return {
        api: (t) => fromApi(t.url, t.client.POST('/api/v1/tls/import/pem', { body })),
        offline: (tls) => tls.importPem(body),
      }
    }
    case 'import-pfx': {
      const pfxBase64 = (await readFile(one()).catch(() => undefined))?.toString('base64')
      if (pfxBase64 === undefined) throw new UsageError(`cannot read ${args[0]}`)
      const body = { pfxBase64, password: await io.readSecret('PFX password: ') }
      return {
        api: (t) => fromApi(t.url, t.client.POST('/api/v1/tls/import/pfx', { body })),
        offline: (tls) => tls.importPfx(body),
      }
    }
    case 'backup':
      return backupOperation(stringOption(values, 'out'), io)
    case 'restore': {
      const text = await readText(one(), 'restore')
      const backup = tlsBackupSchema.safeParse(parseJson(text))
      if (!backup.success) throw new UsageError(`${args[0]} is not a certificate backup`)
      const body = { backup: backup.data, passphrase: await io.readSecret('backup passphrase: ') }
      return {
        api: (t) => fromApi(t.url, t.client.POST('/api/v1/tls/restore', { body })),
        offline: (tls) => tls.restoreBackup(body.backup, body.passphrase),
      }
    }
    default:
      throw new UsageError(
        `unknown tls action "${action}" (try: status, renew, self-signed, import, import-pfx, backup, restore)`,
      )
  }
}

async function backupOperation(out: string | undefined, io: OpsIo): Promise<Operation> {
  if (!out) throw new UsageError('tls backup needs --out FILE')
  const passphrase = await io.readSecret('backup passphrase (12+ characters): ')
  if (passphrase.length < 12) throw new UsageError('the backup passphrase must have 12 characters or more')
  // The file holds the (encrypted) private key: private to the operator like the data dir.
  const save = async (backup: unknown) => (
    await writeFile(out, `${JSON.stringify(backup, null, 2)}\n`, { mode: 0o600 }),
    { backup: out }
  )
  return {
    api: async (t) => save(await fromApi(t.url, t.client.POST('/api/v1/tls/backup', { body: { passphrase } }))),
    offline: (tls) => save(tls.exportBackup(passphrase)),
  }
}

const describeStatus = (status: TlsStatus) => [
  `source       ${status.source}${status.certificate.selfSigned && status.source !== 'self-signed' ? ' (self-signed)' : ''}`,
  `SHA-256      ${status.certificate.fingerprint256}`,
  `subject      ${status.certificate.subject}`,
  `names        ${status.certificate.subjectAltNames.join(', ')}`,
  `valid until  ${status.certificate.notAfter} (${status.daysLeft} days left)`,
  `renewal      ${status.renewal.automatic ? `automatic, due ${status.renewal.dueAt}` : 'by hand (imported)'}` +
    (status.renewal.lastError ? `; last error: ${status.renewal.lastError}` : ''),
]

/** `mfc-station tls ...` (docs/operations.md "Operations CLI", docs/certificates.md). */
export async function tlsCommand(argv: string[], io: OpsIo): Promise<number> {
  const { values, positionals } = parseCommand(argv, {
    'key-type': { type: 'string' },
    days: { type: 'string' },
    name: { type: 'string', multiple: true },
    'local-ca': { type: 'boolean' },
    cert: { type: 'string' },
    key: { type: 'string' },
    chain: { type: 'string' },
    out: { type: 'string' },
  })
  if (values.help) return (io.stdout(tlsUsage), 0)
  const [action, ...args] = positionals
  if (action === undefined)
    throw new UsageError('expected a tls action: status, renew, self-signed, import, import-pfx, backup, restore')
  const target = await resolveTarget(values, io.env)
  const operation = await operationOf(action, args, values, io)
  const result = target.kind === 'api' ? await operation.api(target) : await withTlsManager(target, operation.offline)
  if (result === undefined) throw new CommandFailed(`tls ${action} gave no answer`)
  const isStatus = (value: unknown): value is TlsStatus =>
    typeof value === 'object' && value !== null && 'certificate' in value
  output(io, values, result, () =>
    isStatus(result)
      ? describeStatus(result)
      : [`certificate backup written to ${(result as { backup: string }).backup}`],
  )
  return 0
}
