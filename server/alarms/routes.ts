import { Router } from 'express'
import { principalOf, type AccessGuard } from '../auth/access-guard.js'
import type { AuditLog } from '../auth/audit.js'
import {
  alarmHistoryQuerySchema,
  alarmIdParamsSchema,
  shelveRequestSchema,
  type AlarmList,
} from '../contract/alarms.js'
import { AppError } from '../errors.js'
import { parseBody, parseParams, parseQuery } from '../validation.js'
import type { AlarmBook } from './alarm-book.js'
import type { AlarmHistory } from './history.js'

const DAY_MS = 86_400_000

/** A time bound as clients send it: epoch milliseconds or an ISO time. */
function timeOf(raw: string | undefined, fallback: number, name: string): number {
  if (raw === undefined) return fallback
  const ms = /^\d+(\.\d+)?$/.test(raw) ? Number(raw) : Date.parse(raw)
  if (!Number.isFinite(ms)) throw new AppError('bad_request', `query.${name}: epoch milliseconds or an ISO time`)
  return ms
}

/** `/api/v1/alarms`: the active list, acknowledge, shelve with expiry, unshelve, and the history. */
export function createAlarmsRouter(deps: {
  book: AlarmBook
  history: AlarmHistory
  guard: AccessGuard
  now: () => number
  audit: Pick<AuditLog, 'record'>
}): Router {
  const { book, guard } = deps
  const read = guard.require('telemetry:read')
  // Acknowledging is an operator's duty, not a change to the run: no control lock.
  const manage = guard.require('alarms:manage')
  const router = Router()
  const actor = (res: Parameters<typeof principalOf>[0]) => principalOf(res)?.name ?? 'unknown'

  router.get('/', read, (_req, res) => {
    res.set('Cache-Control', 'no-store').json({ alarms: book.list() } satisfies AlarmList)
  })
  router.get('/history', read, (req, res) => {
    const query = parseQuery(alarmHistoryQuerySchema, req)
    const to = timeOf(query.to, deps.now(), 'to')
    const from = timeOf(query.from, to - DAY_MS, 'from')
    const entries = deps.history.query({
      from,
      to,
      limit: query.limit,
      ...(query.alarmId ? { alarmId: query.alarmId } : {}),
    })
    res.set('Cache-Control', 'no-store').json({ entries })
  })
  router.post('/:id/acknowledge', manage, (req, res) => {
    const { id } = parseParams(alarmIdParamsSchema, req)
    const alarm = book.acknowledge(id, actor(res))
    deps.audit.record({ actor: actor(res), action: 'alarm.acknowledge', target: id })
    res.locals['audited'] = true
    res.json(alarm)
  })
  router.post('/:id/shelve', manage, (req, res) => {
    const { id } = parseParams(alarmIdParamsSchema, req)
    const { minutes, reason } = parseBody(shelveRequestSchema, req)
    const alarm = book.shelve(id, actor(res), minutes, reason)
    deps.audit.record({ actor: actor(res), action: 'alarm.shelve', target: id, details: { minutes, reason } })
    res.locals['audited'] = true
    res.json(alarm)
  })
  router.post('/:id/unshelve', manage, (req, res) => {
    const { id } = parseParams(alarmIdParamsSchema, req)
    book.unshelve(id, actor(res))
    deps.audit.record({ actor: actor(res), action: 'alarm.unshelve', target: id })
    res.locals['audited'] = true
    res.status(204).end()
  })
  return router
}
