import { EventEmitter } from 'node:events'
import { PassThrough } from 'node:stream'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { fetchElectronBinary, type InstallerProcess } from './electron-binary.js'

/** An installer process the test ends by hand. */
function fakeInstaller() {
  const stderr = new PassThrough()
  const calls: string[] = []
  const events = new EventEmitter()
  const child: InstallerProcess = Object.assign(events, {
    stderr,
    kill: () => {
      calls.push('kill')
      events.emit('close', null)
    },
  })
  return {
    child,
    calls,
    exit: (code: number, errorReport = '') => {
      stderr.end(errorReport)
      stderr.once('end', () => events.emit('close', code))
      stderr.resume()
    },
    fail: (error: Error) => events.emit('error', error),
  }
}

function fetchWith(installer: ReturnType<typeof fakeInstaller>, notices: string[]) {
  const started: string[] = []
  const done = fetchElectronBinary({
    installScript: '/app/node_modules/electron/install.js',
    timeoutMs: 60_000,
    noticeAfterMs: 3_000,
    notice: (line) => notices.push(line),
    env: { ELECTRON_MIRROR: 'http://127.0.0.1:9/' },
    run: (script, env) => {
      started.push(`${script} ${env['ELECTRON_MIRROR']}`)
      return installer.child
    },
  })
  return { done, started }
}

beforeEach(() => void vi.useFakeTimers())
afterEach(() => void vi.useRealTimers())

describe("fetching Electron's binary", () => {
  it("runs Electron's installer with the given environment and is done when it exits 0", async () => {
    const installer = fakeInstaller()
    const notices: string[] = []
    const { done, started } = fetchWith(installer, notices)
    installer.exit(0)
    await expect(done).resolves.toBeUndefined()
    expect(started).toEqual(['/app/node_modules/electron/install.js http://127.0.0.1:9/'])
    await vi.advanceTimersByTimeAsync(60_000)
    expect(notices).toEqual([])
    expect(installer.calls).toEqual([])
  })

  it('says why the start is slow while a download runs', async () => {
    const installer = fakeInstaller()
    const notices: string[] = []
    const { done } = fetchWith(installer, notices)
    await vi.advanceTimersByTimeAsync(2_999)
    expect(notices).toEqual([])
    await vi.advanceTimersByTimeAsync(1)
    expect(notices).toEqual(["downloading Electron's binary (first launch)"])
    installer.exit(0)
    await expect(done).resolves.toBeUndefined()
  })

  it('reports a failed download in one line: the error, not its stack', async () => {
    const installer = fakeInstaller()
    const { done } = fetchWith(installer, [])
    installer.exit(1, '\nTypeError: fetch failed\n    at node:internal/deps/undici/undici:14976:13\n')
    await expect(done).rejects.toThrow(/^its download failed: TypeError: fetch failed$/)
  })

  it('stops a download that takes too long', async () => {
    const installer = fakeInstaller()
    const { done } = fetchWith(installer, [])
    const outcome = expect(done).rejects.toThrow('its download did not finish within 60 s')
    await vi.advanceTimersByTimeAsync(60_000)
    await outcome
    expect(installer.calls).toEqual(['kill'])
  })

  it('reports an installer that cannot start', async () => {
    const installer = fakeInstaller()
    const { done } = fetchWith(installer, [])
    installer.fail(new Error('spawn ENOENT'))
    await expect(done).rejects.toThrow('its installer did not run: spawn ENOENT')
  })
})
