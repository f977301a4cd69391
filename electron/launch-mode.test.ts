import { describe, expect, it } from 'vitest'
import { chooseLaunchMode, type LaunchEnvironment } from './launch-mode.js'

/** A machine with Electron's binary installed at /opt/electron/electron and a display, unless told otherwise. */
const launchOn = (machine: Partial<LaunchEnvironment>) =>
  chooseLaunchMode({
    resolveElectronBinary: () => Promise.resolve('/opt/electron/electron'),
    env: { DISPLAY: ':0' },
    platform: 'linux',
    fileExists: () => true,
    ...machine,
  })

describe('chooseLaunchMode', () => {
  it('runs Electron when the binary exists and a display is available', async () => {
    expect(await launchOn({})).toEqual({ mode: 'electron', binary: '/opt/electron/electron' })
    expect((await launchOn({ env: { WAYLAND_DISPLAY: 'wayland-0' } })).mode).toBe('electron')
    expect((await launchOn({ env: {}, platform: 'darwin' })).mode).toBe('electron')
  })

  it('falls back to headless with the reason when the binary cannot be had', async () => {
    const failed = new Error('its download failed: TypeError: fetch failed\n    at FetchDownloader.download')
    expect(await launchOn({ resolveElectronBinary: () => Promise.reject(failed) })).toEqual({
      mode: 'headless',
      reason: 'no Electron binary is installed (its download failed: TypeError: fetch failed)',
    })
  })

  it('falls back when the resolved binary is missing or there is no display on Linux', async () => {
    expect(await launchOn({ fileExists: () => false })).toEqual({
      mode: 'headless',
      reason: 'the Electron binary /opt/electron/electron does not exist',
    })
    expect(await launchOn({ env: {} })).toEqual({
      mode: 'headless',
      reason: 'no display (neither DISPLAY nor WAYLAND_DISPLAY is set)',
    })
  })

  it('never fetches the binary where there is no display to show it', async () => {
    let fetched = false
    const resolveElectronBinary = () => {
      fetched = true
      return Promise.resolve('/opt/electron/electron')
    }
    expect((await launchOn({ env: {}, resolveElectronBinary })).mode).toBe('headless')
    expect(fetched).toBe(false)
  })
})
