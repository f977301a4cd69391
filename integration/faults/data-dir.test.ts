import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mountTmpfs, mountUnavailable, type TestMount } from '../../server/testing/mounts.js'
import { requiredParts } from '../../server/testing/required-parts.js'
import { spawnStation, startStationProcess } from '../../server/testing/station-process.js'

const modeOf = (path: string) => (statSync(path).mode & 0o777).toString(8)
const temps: string[] = []
const tempDir = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  temps.push(dir)
  return dir
}
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true })
})

describe('data dir faults (reliability issue, items 5, 8, 9)', () => {
  it('writes its log file and keeps every database file private when started from a foreign directory', async () => {
    const dataDir = join(tempDir('mfc-fault-cwd-'), 'data')
    mkdirSync(dataDir, { mode: 0o755 })
    const station = await startStationProcess({ dataDir, cwd: '/', args: ['--secrets', 'file'] })
    try {
      for (const file of ['station.db', 'station.db-wal', 'station.db-shm', 'secrets.json', 'logs/station.log'])
        expect(modeOf(join(dataDir, file)), file).toBe('600')
      expect(station.stderr()).toContain(
        `SECURITY WARNING: data dir ${dataDir} is accessible to other users (mode 755); run: chmod 700 ${dataDir}`,
      )
    } finally {
      await station.stop()
    }
    expect(readFileSync(join(dataDir, 'logs', 'station.log'), 'utf8')).toContain('listening on https://')
  })

  const parts = requiredParts(
    'the read-only data dir test',
    [mountUnavailable()].filter((p) => p !== undefined),
  )
  describe.skipIf(parts.skip)('on a read-only file system', () => {
    let disk: TestMount
    beforeAll(() => {
      parts.assertPresent()
      disk = mountTmpfs(1024)
      disk.setReadOnly(true)
    })
    afterAll(() => disk?.unmount())

    it('refuses to start with one line naming the path and what to do', async () => {
      const started = spawnStation({ dataDir: disk.dir, cwd: '/', args: ['--secrets', 'file'] })
      expect(await started.exited).toBe(1)
      const lines = started.stderr().trim().split('\n')
      expect(lines).toEqual([
        `mfc-station: data dir ${disk.dir}: cannot write to it (read-only file system); point --data-dir ` +
          '(or MFC_DATA_DIR) at a writable folder, or fix its permissions or mount',
      ])
    })
  })
})
