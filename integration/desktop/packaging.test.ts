import { describe, expect, it } from 'vitest'
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DebugLogger } from 'builder-util'
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config.js'
import type { Configuration } from 'app-builder-lib'
import { packageRoot } from '../../server/package-info.js'

// electron-builder cannot package here (it downloads Electron), so its configuration is checked
// with electron-builder's own loader and schema validation instead.
const root = packageRoot()
const configPath = join(root, 'build', 'electron-builder.yml')

async function load(): Promise<Configuration> {
  return getConfig(root, configPath, null)
}

describe('electron-builder configuration', () => {
  it('passes electron-builder schema validation', async () => {
    await expect(validateConfiguration(await load(), new DebugLogger(false))).resolves.toBeUndefined()
  })

  it('is rejected by the same validation when it has a mistake (the check is real)', async () => {
    const broken = { ...(await load()), linux: { target: 'AppImage', categroy: 'Science' } } as unknown as Configuration
    await expect(validateConfiguration(broken, new DebugLogger(false))).rejects.toThrow(/configuration\.linux/)
  })

  it('builds installers for Linux, Windows and macOS from an asar archive', async () => {
    const config = await load()
    expect(config).toMatchObject({ appId: 'org.mfcstation.desktop', productName: 'MFC Station', asar: true })
    expect(config.linux?.target).toEqual(['AppImage', 'deb'])
    expect(config.win?.target).toEqual(['nsis'])
    expect(config.mac?.target).toEqual(['dmg'])
    expect(config.fileAssociations ?? []).toEqual([])
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    })
    // Native modules are rebuilt for Electron's ABI while packaging.
    expect(config.npmRebuild ?? true).toBe(true)
  })

  it('has the icon and the entry points it names', () => {
    const icon = readFileSync(join(root, 'build', 'icon.png'))
    expect(icon.subarray(1, 4).toString()).toBe('PNG')
    expect(icon.readUInt32BE(16)).toBeGreaterThanOrEqual(512)
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      main: string
      scripts: Record<string, string>
    }
    expect(manifest.main).toBe('dist/electron/main.js')
    expect(existsSync(join(root, 'electron', 'main.ts'))).toBe(true)
    expect(manifest.scripts['dist']).toContain('electron-builder --config build/electron-builder.yml')
  })
})

describe('headless deployment files', () => {
  it('ships a systemd unit that systemd-analyze verifies', () => {
    const analyze = spawnSync('systemd-analyze', ['--version'], { encoding: 'utf8' })
    if (analyze.error)
      throw new Error('systemd-analyze is missing: install Debian package systemd (.ci/system-packages)')
    const unit = readFileSync(join(root, 'resources', 'deploy', 'mfc-station.service'), 'utf8')
    expect(unit).toMatch(/^ExecStart=\/usr\/bin\/node \/opt\/mfc-station\/dist\/server\/cli\/main\.js serve$/m)
    expect(unit).toMatch(/^NoNewPrivileges=true$/m)
    // Verified with ExecStart pointing at this checkout's build, since /opt/mfc-station does not exist here.
    const dir = mkdtempSync(join(tmpdir(), 'mfc-unit-'))
    try {
      const local = unit.replace('/usr/bin/node /opt/mfc-station/dist', `${process.execPath} ${join(root, 'dist')}`)
      writeFileSync(join(dir, 'mfc-station.service'), local)
      const result = spawnSync('systemd-analyze', ['verify', join(dir, 'mfc-station.service')], {
        encoding: 'utf8',
        timeout: 30_000,
      })
      expect(result.stderr.trim()).toBe('')
      expect(result.status).toBe(0)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
