import { afterEach, describe, expect, it } from 'vitest'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { SecretStoreError } from '../../server/secrets/open-secret-store.js'
import { startTestStation } from '../../server/testing/station-fixture.js'
import { auditCommand } from '../../server/cli/audit.js'
import { UsageError } from '../../server/cli/usage-error.js'

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

describe('mfc-station audit verify', () => {
  it('reports an intact chain, then the first entry an attacker edited', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'mfc-audit-cli-'))
    dirs.push(dataDir)
    const station = await startTestStation({}, dataDir)
    await station.close()
    const lines: string[] = []
    const io = { env: {}, stdout: (line: string) => lines.push(line) }
    expect(await auditCommand(['verify', '--data-dir', dataDir], io)).toBe(0)
    expect(lines.pop()).toMatch(/^audit log intact: (\d+) entries, anchored at entry \1 \(/)

    const db = new Database(join(dataDir, 'station.db'))
    db.prepare("UPDATE audit SET actor = 'nobody' WHERE seq = 2").run()
    db.close()
    expect(await auditCommand(['verify', '--data-dir', dataDir], io)).toBe(1)
    expect(lines.pop()).toMatch(/BROKEN at entry 2/)
    await expect(auditCommand(['erase', '--data-dir', dataDir], io)).rejects.toThrow(UsageError)
  })

  it('reports entries deleted from the end, which the chain alone cannot show, until re-anchored', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'mfc-audit-tail-'))
    dirs.push(dataDir)
    const station = await startTestStation({}, dataDir)
    await station.close()
    const db = new Database(join(dataDir, 'station.db'))
    const { n } = db.prepare('SELECT MAX(seq) AS n FROM audit').get() as { n: number }
    db.prepare('DELETE FROM audit WHERE seq > ?').run(n - 2)
    db.close()
    const lines: string[] = []
    const io = { env: {}, stdout: (line: string) => lines.push(line) }
    expect(await auditCommand(['verify', '--data-dir', dataDir], io)).toBe(1)
    expect(lines.pop()).toBe(
      `audit log BROKEN: 2 entries are missing at its end (it holds ${n - 2}; the anchor names entry ${n})`,
    )
    expect(await auditCommand(['reanchor', '--data-dir', dataDir], io)).toBe(0)
    expect(lines.pop()).toBe(`audit anchor moved to entry ${n - 2}`)
    expect(await auditCommand(['verify', '--data-dir', dataDir], io)).toBe(0)
  })
})

describe('--secrets keychain', () => {
  it('refuses to start without a keychain instead of falling back to the file', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'mfc-keychain-required-'))
    await expect(startTestStation({ security: { secrets: 'keychain' } }, dataDir)).rejects.toThrow(SecretStoreError)
  })
})
