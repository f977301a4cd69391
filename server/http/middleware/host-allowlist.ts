import type { RequestHandler } from 'express'
import { hostOf } from '../../config/host-names.js'
import { AppError } from '../../errors.js'

/** Whether a Host header names this station (the set comes from stationHostNames). */
export function isAllowedHost(header: string | undefined, allowed: ReadonlySet<string>): boolean {
  const host = hostOf(header)
  return host !== undefined && allowed.has(host)
}

/** 421 Misdirected Request for any Host this station does not answer to. */
export function hostAllowlist(allowed: ReadonlySet<string>): RequestHandler {
  return (req, _res, next) => {
    next(
      isAllowedHost(req.headers.host, allowed)
        ? undefined
        : new AppError('misdirected_request', 'this station does not answer to that host name'),
    )
  }
}
