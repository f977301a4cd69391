import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { DataDirError, prepareDataDir } from './data-dir.js'

const made: string[] = []
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true })
})
const temp = () => {
  const dir = mkdtempSync(join(tmpdir(), 'mfc-datadir-'))
  made.push(dir)
  return dir
}

describe('prepareDataDir', () => {
  it('creates a missing data dir private to its owner, without warnings', async () => {
    const dir = join(temp(), 'nested', 'data')
    expect(await prepareDataDir(dir)).toEqual({ warnings: [] })
  })

  it('warns, naming the mode and the fix, when other users can read the data dir', async () => {
    const dir = temp()
    chmodSync(dir, 0o755)
    const { warnings } = await prepareDataDir(dir)
    expect(warnings).toEqual([
      `SECURITY WARNING: data dir ${dir} is accessible to other users (mode 755); run: chmod 700 ${dir}`,
    ])
  })

  it('refuses a path blocked by a file in one line naming the path and what to do', async () => {
    const file = join(temp(), 'not-a-dir')
    writeFileSync(file, '')
    const error = await prepareDataDir(join(file, 'data')).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(DataDirError)
    expect((error as Error).message).toBe(
      `data dir ${join(file, 'data')}: cannot create it (a file is in the way); point --data-dir (or MFC_DATA_DIR) ` +
        'at a writable folder, or fix its permissions or mount',
    )
  })
})
