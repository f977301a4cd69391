import { Counter, Gauge, type Registry } from 'prom-client'
import type { DeviceStatus } from '../contract/instruments.js'

const counters: Array<[string, string, 'polls' | 'timeouts' | 'errors' | 'reconnects' | 'missedDeadlines']> = [
  ['mfc_instrument_polls_total', 'Completed polls (polled devices) or accepted messages (pushed data)', 'polls'],
  ['mfc_instrument_timeouts_total', 'Requests the device did not answer in time', 'timeouts'],
  ['mfc_instrument_errors_total', 'Failed readings: protocol errors, garbage, refused requests', 'errors'],
  ['mfc_instrument_reconnects_total', 'Times the link was re-established after it went down', 'reconnects'],
  ['mfc_instrument_missed_deadlines_total', 'Polls that could not start on time', 'missedDeadlines'],
]

/**
 * Per-device link metrics (docs/instruments.md "Prometheus"), labelled by device id: bounded by the
 * configured devices, read from their status at scrape time.
 */
export function registerInstrumentMetrics(registry: Registry, devices: () => readonly DeviceStatus[]): void {
  new Gauge({
    name: 'mfc_instrument_online',
    help: 'The device link is up and reading (1) or not (0)',
    labelNames: ['device', 'protocol'],
    registers: [registry],
    collect() {
      this.reset()
      for (const device of devices())
        this.set({ device: device.id, protocol: device.protocol }, device.state === 'online' ? 1 : 0)
    },
  })
  new Gauge({
    name: 'mfc_instrument_last_good_reading_timestamp_seconds',
    help: 'When the device last gave a good reading (Unix time, 0 = never)',
    labelNames: ['device'],
    registers: [registry],
    collect() {
      this.reset()
      for (const device of devices()) this.set({ device: device.id }, (device.lastGoodAtMs ?? 0) / 1000)
    },
  })
  for (const [name, help, key] of counters)
    new Counter({
      name,
      help,
      labelNames: ['device'],
      registers: [registry],
      collect() {
        this.reset()
        for (const device of devices()) this.inc({ device: device.id }, device[key])
      },
    })
}
