import { describe, expect, it } from 'vitest'
import { chooseLaunchMode } from './launch-mode.js'

const installed = () => Promise.resolve('/opt/electron/electron')
const exists = () => true

describe('chooseLaunchMode', () => {
  it('runs Electron when the binary exists and a display is available', async () => {
    expect(
      await chooseLaunchMode({
        resolveElectronBinary: installed,
        env: { DISPLAY: ':0' },
        platform: 'linux',
        fileExists: exists,
      }),
    ).toEqual({ mode: 'electron', binary: '/opt/electron/electron' })
    expect(
      (await chooseLaunchMode({ resolveElectronBinary: installed, env: {}, platform: 'darwin', fileExists: exists }))
        .mode,
    ).toBe('electron')
  })

  it('falls back to headless with the reason when the binary cannot be had', async () => {
    const launch = await chooseLaunchMode({
      resolveElectronBinary: () =>
        Promise.reject(new Error('its download failed: TypeError: fetch failed\n    at FetchDownloader.download')),
      env: { DISPLAY: ':0' },
      platform: 'linux',
    })
    expect(launch).toEqual({
      mode: 'headless',
      reason: 'no Electron binary is installed (its download failed: TypeError: fetch failed)',
    })
  })

  it('falls back when the resolved binary is missing or there is no display on Linux', async () => {
    expect(
      await chooseLaunchMode({
        resolveElectronBinary: installed,
        env: { DISPLAY: ':0' },
        platform: 'linux',
        fileExists: () => false,
      }),
    ).toEqual({ mode: 'headless', reason: 'the Electron binary /opt/electron/electron does not exist' })
    expect(
      await chooseLaunchMode({ resolveElectronBinary: installed, env: {}, platform: 'linux', fileExists: exists }),
    ).toEqual({ mode: 'headless', reason: 'no display (neither DISPLAY nor WAYLAND_DISPLAY is set)' })
    expect(
      (
        await chooseLaunchMode({
          resolveElectronBinary: installed,
          env: { WAYLAND_DISPLAY: 'wayland-0' },
          platform: 'linux',
          fileExists: exists,
        })
      ).mode,
    ).toBe('electron')
  })

  it('never fetches the binary where there is no display to show it', async () => {
    let fetched = false
    const launch = await chooseLaunchMode({
      resolveElectronBinary: () => {
        fetched = true
        return installed()
      },
      env: {},
      platform: 'linux',
      fileExists: exists,
    })
    expect(launch.mode).toBe('headless')
    expect(fetched).toBe(false)
  })
})
