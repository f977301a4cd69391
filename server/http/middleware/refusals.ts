import type { IncomingMessage, ServerResponse } from 'node:http'
import type { RequestHandler } from 'express'
import { AppError } from '../../errors.js'
import { callerOf } from '../caller.js'

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/** How the database is doing, as the request chain needs it (the database module provides it). */
export type StoragePort = {
  /** Why changes cannot be recorded now (their audit entry would be lost), or undefined. */
  refusingWrites(): string | undefined
  /** A write the database refused while a request ran. */
  failed(source: string, error: unknown): void
}

/**
 * A refusal answered while the client may still be sending its body: the connection is closed after the
 * answer instead of waiting for a body nobody will read (Node would otherwise drain it until the request
 * timeout, holding the socket).
 */
export function closeIfBodyUnread(req: IncomingMessage, res: ServerResponse): void {
  const announced = req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0
  if (!announced || req.complete) return
  res.setHeader('Connection', 'close')
  res.once('finish', () => {
    req.socket.end()
    // A peer that keeps its end open is cut after a grace second for the answer to reach it.
    req.socket.setTimeout(1000, () => req.socket.destroy())
  })
}

/** A path's own body limit (a mount's `bodyLimitBytes`), else the API's. */
export type BodyLimits = ReadonlyArray<{ path: string; limit: number }>
export const bodyLimitOf = (path: string, maxBytes: number, larger: BodyLimits): number =>
  larger.find((mount) => path === mount.path || path.startsWith(`${mount.path}/`))?.limit ?? maxBytes

/** 413 from the announced Content-Length alone, before a byte of the body is read. */
export function refuseOversizedBody(defaultMaxBytes: number, larger: BodyLimits = []): RequestHandler {
  return (req, _res, next) => {
    const maxBytes = bodyLimitOf(req.path, defaultMaxBytes, larger)
    const length = Number(req.headers['content-length'] ?? 0)
    next(
      length > maxBytes
        ? new AppError('payload_too_large', `request body is too large (at most ${maxBytes} bytes)`)
        : undefined,
    )
  }
}

/**
 * Every answer of the API is private to its caller: no cache may keep it (RFC 9111 5.2.2.5). OPTIONS
 * from an anonymous caller is refused like any protected route, so the method list of a path is only
 * told to signed-in callers (the station serves no CORS preflights).
 */
export function privateAnswers(): RequestHandler {
  return (req, res, next) => {
    res.setHeader('Cache-Control', 'no-store')
    if (req.method === 'OPTIONS' && callerOf(res) === undefined)
      return next(new AppError('unauthorized', 'sign in or send a bearer token'))
    next()
  }
}

/**
 * A change whose audit entry cannot be written is not made (docs/security.md "Audit log"): while the
 * database refuses writes (a full disk, another process's lock, a deleted file), every state-changing
 * request is answered 503 before it runs. Reads go on.
 */
export function storageGate(storage: Pick<StoragePort, 'refusingWrites'>): RequestHandler {
  return (req, _res, next) => {
    if (SAFE_METHODS.has(req.method)) return next()
    // The reason names files of the data dir: signed-in callers read it in health, not here.
    next(
      storage.refusingWrites() === undefined
        ? undefined
        : new AppError(
            'unavailable',
            "the database refuses writes, so no change can be recorded; see the station's health",
          ),
    )
  }
}
