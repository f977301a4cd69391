import express, { type RequestHandler } from 'express'
import { bodyLimitOf, type BodyLimits } from './refusals.js'
import { AppError } from '../../errors.js'
import { callerOf, type Caller } from '../caller.js'

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/** What the IP filter needs: the runtime allow/deny rules. */
export type IpRulesPort = { ipRules: { permits(ip: string): boolean } }

/** 403 from IP rules (deny lists, or an allow list the address is not on). */
export function ipFilter({ ipRules }: IpRulesPort): RequestHandler {
  return (req, _res, next) =>
    next(ipRules.permits(req.ip ?? '') ? undefined : new AppError('forbidden', 'your address is not allowed'))
}

/**
 * Bodies: 415 for anything but JSON (the API speaks JSON only, so nothing else reaches a parser),
 * 413 over `limit` (or a mount's own larger limit, bulk ingest), 400 for malformed JSON. Requests
 * without a body skip the parser altogether.
 */
export function jsonBody(limit: number, larger: BodyLimits = []): RequestHandler {
  const parsers = new Map([limit, ...larger.map((mount) => mount.limit)].map((n) => [n, express.json({ limit: n })]))
  return (req, res, next) => {
    const hasBody =
      req.headers['transfer-encoding'] !== undefined ||
      (req.headers['content-length'] !== undefined && req.headers['content-length'] !== '0')
    if (!hasBody) return next()
    if (!req.is('application/json'))
      return next(new AppError('unsupported_media_type', 'request bodies must be application/json'))
    // The full path: this check also runs inside root mounts, where req.path is relative to the mount.
    const path = new URL(req.originalUrl, 'https://station').pathname
    parsers.get(bodyLimitOf(path, limit, larger))!(req, res, next)
  }
}

/** What the CSRF check needs: the token check of a cookie session, and the sign-in paths that skip it. */
export type CsrfPort = {
  /** Whether `token` is the CSRF token of this cookie-session caller. */
  csrfValid(caller: Caller, token: string): boolean
  /** Paths relative to /api/v1 that ignore an existing session, so an old cookie never blocks a new login. */
  readonly exemptPaths: ReadonlySet<string>
}

/**
 * Whether a browser says the request comes from another site: Fetch Metadata (`Sec-Fetch-Site`, W3C Fetch
 * Metadata) or an `Origin` other than the station as the request addressed it (RFC 6454). Clients that
 * send neither (scripts, instruments) are judged by the token alone.
 */
function crossSite(headers: { origin?: string | undefined; host?: string | undefined; 'sec-fetch-site'?: string }) {
  const site = headers['sec-fetch-site']
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return true
  const origin = headers.origin
  return origin !== undefined && origin.toLowerCase() !== `https://${(headers.host ?? '').toLowerCase()}`
}

/**
 * CSRF: a state-changing request carried by a cookie session must come from the station's own pages
 * (Origin and Sec-Fetch-Site, where the browser sends them) and present the session's token in
 * X-CSRF-Token (another site can make the browser send the cookie, never read the token).
 * Bearer-token requests carry no ambient credential and need none.
 */
export function csrfCheck(csrf: CsrfPort): RequestHandler {
  return (req, res, next) => {
    const caller = callerOf(res)
    if (SAFE_METHODS.has(req.method) || caller?.kind !== 'session' || csrf.exemptPaths.has(req.path)) return next()
    if (crossSite(req.headers)) return next(new AppError('forbidden', 'cross-site request refused'))
    if (csrf.csrfValid(caller, String(req.headers['x-csrf-token'] ?? ''))) return next()
    next(new AppError('forbidden', 'missing or wrong CSRF token (send it in X-CSRF-Token)'))
  }
}

/** What the audit hook needs: the audit log's append. */
export type AuditPort = { audit: { record(entry: { actor: string; action: string; ip?: string | undefined }): void } }

/**
 * Every successful state change is audited; routes that write a richer entry set res.locals.audited.
 * Bodies are never logged. The entry is written once the answer is out: if the database refuses it then
 * (the disk filled during the request), the entry goes to the log instead and the refusal is reported,
 * so the database shows degraded and the storage gate refuses the next change.
 */
export function auditWrites({ audit }: AuditPort, onRefused: (entry: object, error: unknown) => void): RequestHandler {
  return (req, res, next) => {
    if (!SAFE_METHODS.has(req.method)) {
      res.on('finish', () => {
        const caller = callerOf(res)
        if (res.statusCode >= 400 || !caller || res.locals['audited'] === true) return
        const entry = { actor: caller.name, action: `${req.method} ${req.originalUrl.split('?')[0]}`, ip: req.ip }
        try {
          audit.record(entry)
        } catch (error) {
          onRefused(entry, error)
        }
      })
    }
    next()
  }
}
