import { afterEach, describe, expect, it, vi } from 'vitest'
import { startDesktopApp } from './testing/desktop-harness.js'

afterEach(() => void vi.useRealTimers())

describe('desktop app lifecycle', () => {
  it('quits at once when another instance holds the lock, without starting a station', async () => {
    const { fake, log, started } = await startDesktopApp({ singleInstance: false })
    expect(started).toBe(false)
    expect(log).toEqual([])
    expect(fake.calls).toEqual(['quit'])
  })

  it('releases tray, IPC and listeners, then stops the station before the app exits', async () => {
    const { fake, log, listenerCount } = await startDesktopApp()
    let prevented = false
    fake.emit('before-quit', { preventDefault: () => (prevented = true) })
    expect(prevented).toBe(true)
    expect(fake.trays[0]!.destroyed).toBe(true)
    expect(fake.ipcHandlers.size).toBe(0)
    expect(listenerCount()).toBe(0)
    await vi.waitFor(() => expect(fake.calls).toEqual(['exit:0']))
    expect(log).toEqual(['station.start 8443', 'station.close https://127.0.0.1:8443'])
    // A second quit while shutting down changes nothing.
    fake.emit('before-quit', { preventDefault: () => {} })
    expect(fake.calls).toEqual(['exit:0'])
  })

  it('exits with an error when the station fails to stop', async () => {
    const { fake } = await startDesktopApp({ close: () => Promise.reject(new Error('disk gone')) })
    fake.emit('before-quit', { preventDefault() {} })
    await vi.waitFor(() => expect(fake.calls).toEqual(['exit:1']))
  })

  it('exits anyway when the station does not stop within the timeout', async () => {
    vi.useFakeTimers()
    const { fake } = await startDesktopApp({ close: () => new Promise(() => {}), shutdownTimeoutMs: 10_000 })
    fake.emit('before-quit', { preventDefault() {} })
    await vi.advanceTimersByTimeAsync(9_999)
    expect(fake.calls).toEqual([])
    await vi.advanceTimersByTimeAsync(1)
    expect(fake.calls).toEqual(['exit:1'])
  })
})
