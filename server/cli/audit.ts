import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { createAuditLog } from '../auth/audit.js'
import { readAuditAnchor, writeAuditAnchor } from '../auth/audit-anchor.js'
import { authMigrations } from '../auth/schema.js'
import { systemClock } from '../clock.js'
import { loadConfig } from '../config/load.js'
import type { AuditVerify } from '../contract/security.js'
import { openSecretStoreForTools } from '../secrets/open-secret-store.js'
import { openDatabase } from '../store/database.js'
import { parseCommandLine, UsageError } from './usage-error.js'

export const auditUsage = `Usage: mfc-station audit verify [--data-dir DIR]
       mfc-station audit reanchor [--data-dir DIR]

verify    walks the audit log's hash chain and checks it against its anchor (the last entry's number and
          hash, kept in the keychain or secrets file): reports the first broken link or entries missing
          at the end (exit 1), or that it is intact (exit 0).
reanchor  accepts the log as it is now: moves the anchor to its last entry (after investigating a
          reported loss; restore does this by itself).`

function parse(argv: string[]) {
  return parseCommandLine({
    args: argv,
    strict: true,
    allowPositionals: true,
    options: { 'data-dir': { type: 'string' }, help: { type: 'boolean', short: 'h', default: false } },
  })
}

/** One line for the operator about a verification. */
export function describeVerification(result: AuditVerify): string {
  const anchor = result.anchor ? `, anchored at entry ${result.anchor.seq} (${result.anchor.at})` : ', no anchor yet'
  if (result.ok) return `audit log intact: ${result.entries} entries${anchor}`
  if (result.missingTail !== undefined)
    return `audit log BROKEN: ${result.missingTail} entries are missing at its end (it holds ${result.entries}; the anchor names entry ${result.anchor?.seq})`
  return `audit log BROKEN at entry ${result.firstBrokenSeq} (of ${result.entries} read): it or an earlier entry was changed or removed`
}

/** `mfc-station audit verify | reanchor`: the tamper check without a running station (verify only reads). */
export async function auditCommand(
  argv: string[],
  io: { env: NodeJS.ProcessEnv; stdout: (line: string) => void },
): Promise<number> {
  const parsed = parse(argv)
  if (parsed.values.help) return (io.stdout(auditUsage), 0)
  const command = parsed.positionals.join(' ')
  if (command !== 'verify' && command !== 'reanchor')
    throw new UsageError(`expected "audit verify" or "audit reanchor", got "audit ${command}"`)
  const config = loadConfig({
    env: io.env,
    ...(parsed.values['data-dir'] === undefined ? {} : { flags: { dataDir: parsed.values['data-dir'] } }),
  })
  const path = join(config.dataDir, 'station.db')
  if (!existsSync(path)) throw new UsageError(`no station database at ${path}`)
  const secrets = await openSecretStoreForTools({ mode: config.security.secrets, dataDir: config.dataDir })
  const db = openDatabase(path, authMigrations)
  try {
    const audit = createAuditLog({ db, clock: systemClock })
    if (command === 'reanchor') {
      if (!secrets)
        throw new UsageError(`no secret store for ${config.dataDir} (keychain or secrets.json) to anchor in`)
      const anchor = await writeAuditAnchor(secrets, audit, Date.now())
      io.stdout(anchor ? `audit anchor moved to entry ${anchor.seq}` : 'the audit log is empty: nothing to anchor')
      return 0
    }
    const result = audit.verify(secrets ? await readAuditAnchor(secrets) : undefined)
    io.stdout(describeVerification(result))
    return result.ok ? 0 : 1
  } finally {
    db.close()
  }
}
