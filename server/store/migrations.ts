import type Database from 'better-sqlite3'

/**
 * One schema step of one module. Modules (auth, telemetry, ...) each own a `module` name and number
 * their steps 1, 2, 3...; a step runs once, inside a transaction, and is recorded in schema_migrations.
 */
export type Migration = {
  module: string
  version: number
  up: (db: Database.Database) => void
}

/** Applies every pending migration, per module in version order. Versions must be 1..n without gaps. */
export function runMigrations(db: Database.Database, migrations: readonly Migration[]): void {
  db.exec(
    'CREATE TABLE IF NOT EXISTS schema_migrations (module TEXT NOT NULL, version INTEGER NOT NULL, applied_at INTEGER NOT NULL, PRIMARY KEY (module, version))',
  )
  const byModule = new Map<string, Migration[]>()
  for (const migration of migrations)
    byModule.set(migration.module, [...(byModule.get(migration.module) ?? []), migration])

  const current = db.prepare<[string], { version: number | null }>(
    'SELECT MAX(version) AS version FROM schema_migrations WHERE module = ?',
  )
  const record = db.prepare('INSERT INTO schema_migrations (module, version, applied_at) VALUES (?, ?, ?)')
  for (const [module, steps] of byModule) {
    steps.sort((a, b) => a.version - b.version)
    steps.forEach((step, index) => {
      if (step.version !== index + 1)
        throw new Error(
          `migrations of "${module}" must be numbered 1..n without gaps (found ${step.version} at position ${index + 1})`,
        )
    })
    const applied = current.get(module)?.version ?? 0
    if (applied > steps.length)
      throw new Error(
        `database has "${module}" schema version ${applied}, newer than this station knows (${steps.length})`,
      )
    for (const step of steps.slice(applied)) {
      db.transaction(() => {
        step.up(db)
        record.run(module, step.version, Date.now())
      })()
    }
  }
}
