import { describe, expect, it } from 'vitest'
import { chooseLaunchMode } from './launch-mode.js'

const installed = () => '/opt/electron/electron'
const exists = () => true

describe('chooseLaunchMode', () => {
  it('runs Electron when the binary exists and a display is available', () => {
    expect(
      chooseLaunchMode({
        resolveElectronBinary: installed,
        env: { DISPLAY: ':0' },
        platform: 'linux',
        fileExists: exists,
      }),
    ).toEqual({ mode: 'electron', binary: '/opt/electron/electron' })
    expect(
      chooseLaunchMode({ resolveElectronBinary: installed, env: {}, platform: 'darwin', fileExists: exists }).mode,
    ).toBe('electron')
  })

  it('falls back to headless with the reason when Electron was installed without its binary', () => {
    const launch = chooseLaunchMode({
      resolveElectronBinary: () => {
        throw new Error(
          'Electron failed to install correctly, please delete node_modules/electron and try installing again\nmore',
        )
      },
      env: { DISPLAY: ':0' },
      platform: 'linux',
    })
    expect(launch).toEqual({
      mode: 'headless',
      reason:
        'no Electron binary is installed (Electron failed to install correctly, please delete node_modules/electron and try installing again)',
    })
  })

  it('falls back when the resolved binary is missing or there is no display on Linux', () => {
    expect(
      chooseLaunchMode({
        resolveElectronBinary: installed,
        env: { DISPLAY: ':0' },
        platform: 'linux',
        fileExists: () => false,
      }),
    ).toEqual({ mode: 'headless', reason: 'the Electron binary /opt/electron/electron does not exist' })
    expect(
      chooseLaunchMode({ resolveElectronBinary: installed, env: {}, platform: 'linux', fileExists: exists }),
    ).toEqual({ mode: 'headless', reason: 'no display (neither DISPLAY nor WAYLAND_DISPLAY is set)' })
    expect(
      chooseLaunchMode({
        resolveElectronBinary: installed,
        env: { WAYLAND_DISPLAY: 'wayland-0' },
        platform: 'linux',
        fileExists: exists,
      }).mode,
    ).toBe('electron')
  })
})
