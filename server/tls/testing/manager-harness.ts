import { rmSync } from 'node:fs'
import type { TlsAlert } from '../../contract/tls.js'
import { createMemorySecretStore, type SecretStore } from '../../secrets/secret-store.js'
import { createTlsManager, type TlsManager, type TlsManagerDeps } from '../tls-manager.js'
import { createFakeTime, type FakeTime } from './fake-time.js'
import { recordingLogger, tempDir, tlsConfig } from './material.js'

/** What a test undoes after it, last registered first. */
export type Cleanups = Array<() => Promise<void> | void>

export type ManagerHarness = {
  manager: TlsManager
  time: FakeTime
  dataDir: string
  secrets: SecretStore
  alerts: TlsAlert[]
  log: ReturnType<typeof recordingLogger>
}

/**
 * A TLS manager on fake time with a temp data dir, an in-memory SecretStore and no file watching
 * (unless given); every alert is kept in `alerts`. Closing and removal are registered in `cleanups`.
 */
export async function startTestManager(
  cleanups: Cleanups,
  overrides: Partial<TlsManagerDeps> & { dataDir?: string; time?: FakeTime } = {},
): Promise<ManagerHarness> {
  const dataDir = overrides.dataDir ?? tempDir()
  const time = overrides.time ?? createFakeTime()
  const secrets = overrides.secrets ?? createMemorySecretStore()
  const log = recordingLogger()
  const manager = await createTlsManager({
    config: tlsConfig(),
    log,
    hostName: 'labhost',
    ...overrides,
    dataDir,
    secrets,
    clock: time.clock,
    watchFiles: overrides.watchFiles ?? (() => ({ close() {} })),
  })
  const alerts: TlsAlert[] = []
  manager.onAlert((alert) => alerts.push(alert))
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }))
  cleanups.push(() => manager.close())
  return { manager, time, dataDir, secrets, alerts, log }
}
