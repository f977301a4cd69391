/**
 * The logging surface every service receives. The core never creates a logger itself: the entry points
 * do (the CLI writes electron-log's file in the data dir, the desktop shell its OS log folder), and tests
 * pass their own (docs/architecture.md "Logging").
 */
export type Logger = {
  error(message: string, ...details: unknown[]): void
  warn(message: string, ...details: unknown[]): void
  info(message: string, ...details: unknown[]): void
  debug(message: string, ...details: unknown[]): void
}

/** A logger that drops everything: for tools and tests that assert on behaviour, not on log lines. */
export const silentLogger: Logger = { error() {}, warn() {}, info() {}, debug() {} }
