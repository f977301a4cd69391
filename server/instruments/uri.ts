import type { InstrumentProtocol } from '../contract/instruments.js'
import { instrumentProtocols } from '../contract/instruments.js'
import { AddressError } from './errors.js'

export type SerialOptions = { baudRate: number; parity: 'none' | 'even' | 'odd'; dataBits: 7 | 8; stopBits: 1 | 2 }

export type DeviceSpec =
  | { protocol: 'modbus-tcp'; host: string; port: number; unit: number; bus: string }
  | { protocol: 'modbus-rtu'; path: string; serial: SerialOptions; unit: number; interFrameMs: number; bus: string }
  | { protocol: 'serial'; path: string; serial: SerialOptions; format: 'csv' | 'json'; delimiter: string }
  | { protocol: 'mqtt'; url: string; availabilityTopic?: string; onlinePayload: string; offlinePayload: string }
  | { protocol: 'scpi-tcp'; host: string; port: number }
  | { protocol: 'scpi-serial'; path: string; serial: SerialOptions }
  | { protocol: 'http-ingest' }

/** Query parameters each protocol accepts (anything else is a mistake worth one clear line). */
const allowed: Record<InstrumentProtocol, readonly string[]> = {
  'modbus-tcp': ['unit'],
  'modbus-rtu': ['unit', 'baud', 'parity', 'dataBits', 'stopBits', 'interFrameMs'],
  serial: ['baud', 'parity', 'dataBits', 'stopBits', 'format', 'delimiter'],
  mqtt: ['availability', 'online', 'offline'],
  'scpi-tcp': [],
  'scpi-serial': ['baud', 'parity', 'dataBits', 'stopBits'],
  'http-ingest': [],
}

const defaultPorts: Partial<Record<InstrumentProtocol, number>> = { 'modbus-tcp': 502, 'scpi-tcp': 5025 }

function integer(query: URLSearchParams, key: string, fallback: number, min: number, max: number): number {
  const text = query.get(key)
  if (text === null) return fallback
  const value = Number(text)
  if (!Number.isInteger(value) || value < min || value > max)
    throw new AddressError(`"${key}" must be an integer ${min}..${max}, got "${text}"`)
  return value
}

function oneOf<T extends string>(query: URLSearchParams, key: string, options: readonly T[], fallback: T): T {
  const text = query.get(key) ?? fallback
  if (!(options as readonly string[]).includes(text))
    throw new AddressError(`"${key}" must be one of ${options.join(', ')}, got "${text}"`)
  return text as T
}

function serialOptions(query: URLSearchParams, baud: number): SerialOptions {
  return {
    baudRate: integer(query, 'baud', baud, 50, 4_000_000),
    parity: oneOf(query, 'parity', ['none', 'even', 'odd'], 'none'),
    dataBits: integer(query, 'dataBits', 8, 7, 8) as 7 | 8,
    stopBits: integer(query, 'stopBits', 1, 1, 2) as 1 | 2,
  }
}

/**
 * Modbus over serial line 2.3.1.4: at least 3.5 character times between frames; above 19200 baud a
 * fixed 1.75 ms. A character is 11 bits (start, 8 data, parity or second stop, stop).
 */
export function rtuInterFrameMs(baudRate: number): number {
  return baudRate > 19_200 ? 1.75 : (3.5 * 11 * 1000) / baudRate
}

function hostAndPort(url: URL, protocol: InstrumentProtocol): { host: string; port: number } {
  if (url.hostname === '') throw new AddressError('needs a host, e.g. //127.0.0.1:5020')
  const port = url.port === '' ? defaultPorts[protocol] : Number(url.port)
  if (port === undefined) throw new AddressError('needs a port')
  return { host: url.hostname.replace(/^\[|\]$/g, ''), port }
}

function devicePath(url: URL): string {
  const path = decodeURIComponent(url.pathname)
  if (url.hostname !== '' || !path.startsWith('/')) throw new AddressError('needs a device path, e.g. :///dev/ttyUSB0')
  return path
}

/** Parses a device URI (docs/instruments.md "Devices"); throws AddressError naming what is wrong. */
export function parseDeviceUri(uri: string): DeviceSpec {
  let url: URL
  try {
    url = new URL(uri)
  } catch {
    throw new AddressError(`"${uri}" is not a URI`)
  }
  const scheme = url.protocol.slice(0, -1)
  const protocol = (scheme === 'mqtts' ? 'mqtt' : scheme) as InstrumentProtocol
  if (!instrumentProtocols.includes(protocol))
    throw new AddressError(`unknown scheme "${scheme}:" (one of ${[...instrumentProtocols, 'mqtts'].join(', ')})`)
  const unknown = [...url.searchParams.keys()].filter((key) => !allowed[protocol].includes(key))
  if (unknown.length > 0)
    throw new AddressError(
      `${scheme}: unknown parameter(s) ${unknown.join(', ')} (allowed: ${allowed[protocol].join(', ') || 'none'})`,
    )
  const query = url.searchParams
  switch (protocol) {
    case 'modbus-tcp': {
      const { host, port } = hostAndPort(url, protocol)
      return { protocol, host, port, unit: integer(query, 'unit', 1, 0, 255), bus: `tcp ${host}:${port}` }
    }
    case 'modbus-rtu': {
      const path = devicePath(url)
      const serial = serialOptions(query, 9600)
      const interFrameMs = query.has('interFrameMs')
        ? integer(query, 'interFrameMs', 0, 0, 1000)
        : rtuInterFrameMs(serial.baudRate)
      return { protocol, path, serial, unit: integer(query, 'unit', 1, 1, 247), interFrameMs, bus: `rtu ${path}` }
    }
    case 'serial':
      return {
        protocol,
        path: devicePath(url),
        serial: serialOptions(query, 9600),
        format: oneOf(query, 'format', ['csv', 'json'], 'csv'),
        delimiter: query.get('delimiter') ?? ',',
      }
    case 'mqtt': {
      if (url.hostname === '') throw new AddressError('needs a broker host, e.g. mqtt://127.0.0.1:1883')
      const availability = query.get('availability') ?? undefined
      return {
        protocol,
        url: `${url.protocol}//${url.host}`,
        ...(availability === undefined ? {} : { availabilityTopic: availability }),
        onlinePayload: query.get('online') ?? 'online',
        offlinePayload: query.get('offline') ?? 'offline',
      }
    }
    case 'scpi-tcp':
      return { protocol, ...hostAndPort(url, protocol) }
    case 'scpi-serial':
      return { protocol, path: devicePath(url), serial: serialOptions(query, 9600) }
    case 'http-ingest':
      return { protocol }
  }
}
