import type { Migration } from '../store/migrations.js'

/**
 * The publish module's tables (docs/publishing.md "Store-and-forward"). `publish_outbox` is the durable
 * queue: a row is committed before its message is sent and deleted when the broker acknowledged it, so
 * a broker outage or a kill -9 loses nothing that was committed. `kind` is `data`, `event` or `rebirth`;
 * `payload` is the message body as the broker's mode encodes it, without the per-session parts
 * (Sparkplug's seq). `publish_counters` keeps the Sparkplug bdSeq and the dropped count across restarts.
 */
export const publishMigrations: Migration[] = [
  {
    module: 'publish',
    version: 1,
    up: (db) =>
      db.exec(`
        CREATE TABLE publish_outbox (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          broker TEXT NOT NULL,
          kind TEXT NOT NULL,
          created_ms REAL NOT NULL,
          payload BLOB NOT NULL
        );
        CREATE INDEX publish_outbox_broker ON publish_outbox(broker, id);
        CREATE TABLE publish_counters (
          broker TEXT NOT NULL,
          name TEXT NOT NULL,
          value INTEGER NOT NULL,
          PRIMARY KEY (broker, name)
        ) WITHOUT ROWID;
      `),
  },
]
