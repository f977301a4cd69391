import { describe, expect, it } from 'vitest'
import { silentLogger } from '../logger.js'
import { createMemorySecretStore } from '../secrets/secret-store.js'
import { createAuditLog } from './audit.js'
import { createAuditAnchor, readAuditAnchor } from './audit-anchor.js'
import { testAuthContext } from './test-db.js'

function anchored() {
  const context = testAuthContext()
  const audit = createAuditLog(context)
  const secrets = createMemorySecretStore()
  const start = () => createAuditAnchor({ secrets, audit, clock: context.clock, log: silentLogger })
  const record = (n: number) => {
    for (let i = 0; i < n; i += 1) audit.record({ actor: 'admin', action: 'user.create', target: `u${i}` })
  }
  return { context, audit, secrets, start, record }
}

describe('the audit anchor', () => {
  it('follows the head within a second, and lets verify find entries cut from the end', async () => {
    const { context, audit, secrets, start, record } = anchored()
    const anchor = await start()
    record(5)
    expect(anchor.current()).toBeUndefined()
    context.clock.advance(1000)
    await anchor.close()
    expect(await readAuditAnchor(secrets)).toMatchObject({ seq: 5, hash: audit.head()?.hash })
    expect(audit.verify(anchor.current())).toMatchObject({ ok: true, entries: 5 })

    // The chain alone cannot see a cut tail; the anchor can.
    context.db.prepare('DELETE FROM audit WHERE seq > 3').run()
    expect(audit.verify()).toEqual({ ok: true, entries: 3 })
    expect(audit.verify(anchor.current())).toMatchObject({ ok: false, entries: 3, missingTail: 2 })
  })

  it('at start, alarms for a log that no longer reaches its anchor and keeps the evidence', async () => {
    const { context, audit, start, record } = anchored()
    const first = await start()
    record(4)
    await first.close()
    context.db.prepare('DELETE FROM audit WHERE seq = 4').run()
    const again = await start()
    expect(again.health()[0]).toMatchObject({
      name: 'audit',
      up: false,
      lastError: 'the audit log ends at entry 3 but its anchor names entry 4: 1 entries were removed',
    })
    record(3)
    context.clock.advance(5000)
    await again.close()
    expect(again.current()?.seq).toBe(4)
    expect(audit.verify(again.current())).toMatchObject({ ok: false, firstBrokenSeq: 4 })
  })

  it('anchors an existing log at once when there is no anchor yet', async () => {
    const { audit, secrets, start, record } = anchored()
    record(2)
    const anchor = await start()
    await anchor.close()
    expect((await readAuditAnchor(secrets))?.seq).toBe(2)
    expect(anchor.health()[0]?.up).toBe(true)
    expect(audit.verify(anchor.current()).ok).toBe(true)
  })
})
