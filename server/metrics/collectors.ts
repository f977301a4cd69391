import { Counter, Gauge, type Registry } from 'prom-client'

/** A counter whose value is a cumulative total kept elsewhere (set on every scrape). */
export function mirroredCounter(registry: Registry, name: string, help: string, read: () => number): void {
  new Counter({
    name,
    help,
    registers: [registry],
    collect() {
      this.reset()
      this.inc(read())
    },
  })
}

/** A gauge whose values are read from their source at scrape time. */
export function gauge(
  registry: Registry,
  name: string,
  help: string,
  labelNames: readonly string[],
  collect: (g: Gauge<string>) => void,
): void {
  new Gauge({
    name,
    help,
    labelNames,
    registers: [registry],
    collect() {
      this.reset()
      collect(this)
    },
  })
}
