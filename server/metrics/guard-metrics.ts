import { Counter, Gauge, type Registry } from 'prom-client'

/** What the metrics read about connections: the listener's refusals and cuts (docs/security.md "Limits"). */
export type ConnectionCounts = {
  open: number
  maxConnections: number
  refused: { perAddress: number; capacity: number }
  closed: { handshakeTimeout: number; idleTimeout: number; headersTimeout: number; bodyTimeout: number }
}

/** What the metrics read about the database: refused writes and the bookkeeping queue. */
export type DatabaseCounts = {
  pending: number
  dropped: number
  written: number
  writeFailures: number
  acceptingWrites: boolean
}

/** A counter with one label whose values are cumulative totals kept elsewhere (set on every scrape). */
function labelledTotals(
  registry: Registry,
  name: string,
  help: string,
  label: string,
  read: () => Record<string, number>,
) {
  new Counter({
    name,
    help,
    labelNames: [label],
    registers: [registry],
    collect() {
      this.reset()
      for (const [value, total] of Object.entries(read())) this.inc({ [label]: value }, total)
    },
  })
}

function readGauge(registry: Registry, name: string, help: string, read: () => number) {
  new Gauge({
    name,
    help,
    registers: [registry],
    collect() {
      this.set(read())
    },
  })
}

/** Connection and database health as Prometheus series: every limit that bites is counted. */
export function registerGuardMetrics(
  registry: Registry,
  sources: { connections: () => ConnectionCounts; database: () => DatabaseCounts },
): void {
  readGauge(
    registry,
    'mfc_http_connections',
    'Open HTTPS connections (the stream included)',
    () => sources.connections().open,
  )
  readGauge(
    registry,
    'mfc_http_connections_max',
    'Most HTTPS connections accepted at once',
    () => sources.connections().maxConnections,
  )
  labelledTotals(
    registry,
    'mfc_http_connections_refused_total',
    'Connections refused at accept time, by limit',
    'reason',
    () => {
      const { perAddress, capacity } = sources.connections().refused
      return { per_address: perAddress, capacity }
    },
  )
  labelledTotals(
    registry,
    'mfc_http_connections_timed_out_total',
    'Connections closed by a deadline, by phase',
    'phase',
    () => {
      const { handshakeTimeout, idleTimeout, headersTimeout, bodyTimeout } = sources.connections().closed
      return { handshake: handshakeTimeout, idle: idleTimeout, headers: headersTimeout, body: bodyTimeout }
    },
  )
  readGauge(registry, 'mfc_database_accepting_writes', 'The database accepts writes (1) or refuses them (0)', () =>
    sources.database().acceptingWrites ? 1 : 0,
  )
  new Counter({
    name: 'mfc_database_write_failures_total',
    help: 'Writes the database refused (full disk, read-only, locked by another process)',
    registers: [registry],
    collect() {
      this.reset()
      this.inc(sources.database().writeFailures)
    },
  })
  readGauge(
    registry,
    'mfc_database_bookkeeping_pending',
    'Bookkeeping writes waiting for the next flush',
    () => sources.database().pending,
  )
  labelledTotals(registry, 'mfc_database_bookkeeping_total', 'Bookkeeping writes by outcome', 'outcome', () => {
    const { written, dropped } = sources.database()
    return { written, dropped }
  })
}
