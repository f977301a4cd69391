import type { Migration } from '../store/migrations.js'

/** The auth module's tables. Times are epoch milliseconds; secrets are never stored, only keyed hashes. */
export const authMigrations: Migration[] = [
  {
    module: 'auth',
    version: 1,
    up: (db) =>
      db.exec(`
        CREATE TABLE users (
          id TEXT PRIMARY KEY,
          username TEXT NOT NULL UNIQUE COLLATE NOCASE,
          role TEXT NOT NULL,
          password_hash TEXT,
          disabled INTEGER NOT NULL DEFAULT 0,
          created_at INTEGER NOT NULL
        );
        CREATE TABLE sessions (
          id TEXT PRIMARY KEY,
          user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
          created_at INTEGER NOT NULL,
          last_seen_at INTEGER NOT NULL,
          reauth_at INTEGER NOT NULL,
          ip TEXT NOT NULL,
          user_agent TEXT NOT NULL,
          local INTEGER NOT NULL DEFAULT 0,
          revoked_at INTEGER
        );
        CREATE INDEX sessions_user ON sessions(user_id);
        CREATE TABLE tokens (
          id TEXT PRIMARY KEY,
          name TEXT NOT NULL,
          hash TEXT NOT NULL UNIQUE,
          role TEXT,
          scopes TEXT,
          created_by TEXT NOT NULL,
          created_at INTEGER NOT NULL,
          expires_at INTEGER,
          last_used_at INTEGER,
          last_used_ip TEXT,
          revoked_at INTEGER
        );
        CREATE TABLE access_requests (
          id TEXT PRIMARY KEY,
          name TEXT NOT NULL,
          ip TEXT NOT NULL,
          created_at INTEGER NOT NULL,
          expires_at INTEGER NOT NULL,
          status TEXT NOT NULL,
          role TEXT,
          decided_by TEXT,
          token_id TEXT
        );
        CREATE TABLE ip_rules (
          id TEXT PRIMARY KEY,
          action TEXT NOT NULL,
          cidr TEXT NOT NULL,
          note TEXT NOT NULL,
          created_at INTEGER NOT NULL,
          created_by TEXT NOT NULL
        );
        CREATE TABLE lockouts (
          kind TEXT NOT NULL,
          key TEXT NOT NULL,
          failures INTEGER NOT NULL,
          locked_until INTEGER,
          last_failure_at INTEGER NOT NULL,
          PRIMARY KEY (kind, key)
        );
        CREATE TABLE audit (
          seq INTEGER PRIMARY KEY,
          at INTEGER NOT NULL,
          actor TEXT NOT NULL,
          action TEXT NOT NULL,
          target TEXT,
          ip TEXT,
          outcome TEXT NOT NULL,
          details TEXT,
          prev_hash TEXT NOT NULL,
          hash TEXT NOT NULL
        );
        CREATE INDEX audit_action ON audit(action);
      `),
  },
  {
    module: 'auth',
    version: 2,
    // Hazardous actions need a token created for them (docs/security.md "API tokens"): off for every existing one.
    up: (db) => db.exec('ALTER TABLE tokens ADD COLUMN hazardous INTEGER NOT NULL DEFAULT 0'),
  },
]
