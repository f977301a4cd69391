import type { Clock, TimerHandle } from '../clock.js'
import { auditAnchorSchema, type AuditAnchor } from '../contract/security.js'
import type { ComponentHealth } from '../contract/health.js'
import type { Logger } from '../logger.js'
import type { SecretStore } from '../secrets/secret-store.js'
import type { AuditLog } from './audit.js'

/** The anchor trails the log by at most this long (one secret-store write per second at most). */
const ANCHOR_DELAY_MS = 1000

/** The anchor in the secret store, or undefined when there is none (or it is unreadable). */
export async function readAuditAnchor(secrets: Pick<SecretStore, 'get'>): Promise<AuditAnchor | undefined> {
  const text = await secrets.get('audit-anchor')
  if (text === undefined) return undefined
  try {
    return auditAnchorSchema.parse(JSON.parse(text))
  } catch {
    return undefined
  }
}

/** Records the log's current head as the anchor (the CLI does this after a deliberate restore). */
export async function writeAuditAnchor(
  secrets: Pick<SecretStore, 'set'>,
  audit: Pick<AuditLog, 'head'>,
  nowMs: number,
): Promise<AuditAnchor | undefined> {
  const head = audit.head()
  if (head === undefined) return undefined
  const anchor: AuditAnchor = { ...head, at: new Date(nowMs).toISOString() }
  await secrets.set('audit-anchor', JSON.stringify(anchor))
  return anchor
}

/**
 * Keeps the audit log's head (entry number and hash) in the secret store, outside the database
 * (docs/security.md "Audit log"): deleting the last entries, or the whole database, leaves a log that
 * ends before its anchor, which `audit verify` reports. At start a log that no longer reaches its anchor
 * is an alarm: the anchor is then left where it is, so the evidence stays until an operator restores the
 * database or re-anchors on purpose.
 */
export async function createAuditAnchor(deps: {
  secrets: Pick<SecretStore, 'get' | 'set'>
  audit: Pick<AuditLog, 'head' | 'hashAt' | 'onEntry'>
  clock: Clock
  log: Logger
}) {
  const { secrets, audit, clock, log } = deps
  let current = await readAuditAnchor(secrets)
  let problem: string | undefined
  if (current !== undefined && audit.hashAt(current.seq) !== current.hash) {
    const head = audit.head()?.seq ?? 0
    problem =
      head < current.seq
        ? `the audit log ends at entry ${head} but its anchor names entry ${current.seq}: ${current.seq - head} entries were removed`
        : `audit entry ${current.seq} no longer has the anchored hash: the log was rewritten`
    log.error(`${problem}; run mfc-station audit verify`)
  }
  let timer: TimerHandle | undefined
  let writing: Promise<void> = Promise.resolve()
  const save = () => {
    timer = undefined
    writing = writing
      .then(async () => {
        current = (await writeAuditAnchor(secrets, audit, clock.now())) ?? current
      })
      .catch((error: unknown) => log.error(`the audit anchor could not be saved: ${(error as Error).message}`))
  }
  const follow = () => {
    if (problem === undefined) timer ??= clock.setTimeout(save, ANCHOR_DELAY_MS)
  }
  const stop = audit.onEntry(follow)
  if (problem === undefined && audit.head()?.seq !== current?.seq) save()
  return {
    /** The anchor as last saved. */
    current: () => current,
    health: (): ComponentHealth[] => [
      {
        name: 'audit',
        state: 'up',
        up: problem === undefined,
        uptimeSeconds: 0,
        restarts: 0,
        lastError: problem ?? null,
      },
    ],
    /** Saves a pending anchor and stops following the log. */
    async close(): Promise<void> {
      stop()
      if (timer !== undefined) {
        clock.clearTimeout(timer)
        save()
      }
      await writing
    },
  }
}
