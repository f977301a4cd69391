import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { createPasswordHasher } from '../../auth/passwords.js'
import { authMigrations } from '../../auth/schema.js'
import { systemRandom } from '../../auth/store-context.js'
import { createAuthStores } from '../../auth/stores.js'
import { systemClock } from '../../clock.js'
import type { StationConfig } from '../../config/schema.js'
import { silentLogger } from '../../logger.js'
import { telemetryMigrations } from '../../recorder/schema.js'
import { ensureSecret, openSecretStore } from '../../secrets/open-secret-store.js'
import type { SecretStore } from '../../secrets/secret-store.js'
import { lockDataDir } from '../../station/data-dir.js'
import { openDatabase, type Db } from '../../store/database.js'
import { CommandFailed } from './common.js'

/** Who offline changes are audited as: the operator at the station's own machine. */
export const CLI_ACTOR = 'cli (data dir)'

/**
 * A stopped station's data dir, opened for one command: locked (no station can start meanwhile, and a
 * running one refuses this), the database with every migration, released in reverse.
 */
export async function withDataDir<T>(config: StationConfig, run: (db: Db) => Promise<T> | T): Promise<T> {
  const path = join(config.dataDir, 'station.db')
  if (!existsSync(path)) throw new CommandFailed(`no station database in ${config.dataDir} (start the station once)`)
  const lock = await lockDataDir(config.dataDir)
  try {
    const db = openDatabase(path, [...authMigrations, ...telemetryMigrations], config.database)
    try {
      return await run(db)
    } finally {
      db.close()
    }
  } finally {
    await lock.release()
  }
}

/** The station's secret store, as the station opens it (its keys encrypt the certificate and pepper the tokens). */
export function openStationSecrets(config: StationConfig): Promise<SecretStore> {
  return openSecretStore({ mode: config.security.secrets, dataDir: config.dataDir, log: silentLogger })
}

/** The auth stores over an opened database, with the station's own keys. */
export async function authStoresOf(db: Db, config: StationConfig) {
  const secrets = await openStationSecrets(config)
  const keys = {
    signingKey: await ensureSecret(secrets, 'session-signing-key'),
    tokenPepper: await ensureSecret(secrets, 'token-pepper'),
  }
  // One short command, no request to keep waiting: bookkeeping is written at once.
  const bookkeeping = { defer: (_key: string, write: () => void) => write() }
  const context = { db, bookkeeping, clock: systemClock, random: systemRandom }
  return createAuthStores(context, config.security, keys, createPasswordHasher())
}
