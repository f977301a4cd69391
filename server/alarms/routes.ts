import type { Router } from 'express'
import { principalOf, type AccessGuard } from '../auth/access-guard.js'
import type { AuditLog } from '../auth/audit.js'
import { describedRouter, describeRoutes } from '../auth/route-description.js'
import {
  alarmHistoryQuerySchema,
  alarmHistorySchema,
  alarmIdParamsSchema,
  alarmListSchema,
  alarmSchema,
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

// Acknowledging is an operator's duty, not a change to the run: `alarms:manage`, no control lock.
export const alarmsApi = describeRoutes({
  name: 'alarms',
  mount: '/alarms',
  tag: 'Alarms',
  endpoints: {
    list: {
      method: 'get',
      path: '/',
      summary: 'The active list: raised, acknowledged and cleared-but-unacknowledged alarms (ISA-18.2)',
      access: 'telemetry:read',
      responses: { 200: alarmListSchema },
    },
    history: {
      method: 'get',
      path: '/history',
      summary: 'Alarm transitions between from and to (default: the last 24 hours), newest first',
      access: 'telemetry:read',
      query: alarmHistoryQuerySchema,
      responses: { 200: alarmHistorySchema },
    },
    acknowledge: {
      method: 'post',
      path: '/:id/acknowledge',
      summary: 'Acknowledge an alarm on the active list (audited)',
      access: 'alarms:manage',
      params: alarmIdParamsSchema,
      responses: { 200: alarmSchema },
    },
    shelve: {
      method: 'post',
      path: '/:id/shelve',
      summary: 'Shelve an alarm for 1 to 1440 minutes with a reason; it returns by itself (audited)',
      access: 'alarms:manage',
      params: alarmIdParamsSchema,
      body: shelveRequestSchema,
      responses: { 200: alarmSchema },
    },
    unshelve: {
      method: 'post',
      path: '/:id/unshelve',
      summary: 'Return a shelved alarm to the list before its time (audited)',
      access: 'alarms:manage',
      params: alarmIdParamsSchema,
      responses: { 204: { description: 'unshelved' } },
    },
  },
})

/** `/api/v1/alarms`: the active list, acknowledge, shelve with expiry, unshelve, and the history. */
export function createAlarmsRouter(deps: {
  book: AlarmBook
  history: AlarmHistory
  guard: AccessGuard
  now: () => number
  audit: Pick<AuditLog, 'record'>
}): Router {
  const { book } = deps
  const actor = (res: Parameters<typeof principalOf>[0]) => principalOf(res)?.name ?? 'unknown'
  return describedRouter(alarmsApi, deps.guard, {
    list: (_req, res) => {
      res.set('Cache-Control', 'no-store').json({ alarms: book.list() } satisfies AlarmList)
    },
    history: (req, res) => {
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
    },
    acknowledge: (req, res) => {
      const { id } = parseParams(alarmIdParamsSchema, req)
      const alarm = book.acknowledge(id, actor(res))
      deps.audit.record({ actor: actor(res), action: 'alarm.acknowledge', target: id })
      res.locals['audited'] = true
      res.json(alarm)
    },
    shelve: (req, res) => {
      const { id } = parseParams(alarmIdParamsSchema, req)
      const { minutes, reason } = parseBody(shelveRequestSchema, req)
      const alarm = book.shelve(id, actor(res), minutes, reason)
      deps.audit.record({ actor: actor(res), action: 'alarm.shelve', target: id, details: { minutes, reason } })
      res.locals['audited'] = true
      res.json(alarm)
    },
    unshelve: (req, res) => {
      const { id } = parseParams(alarmIdParamsSchema, req)
      book.unshelve(id, actor(res))
      deps.audit.record({ actor: actor(res), action: 'alarm.unshelve', target: id })
      res.locals['audited'] = true
      res.status(204).end()
    },
  })
}
