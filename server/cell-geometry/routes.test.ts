import { afterEach, describe, expect, it } from 'vitest'
import type { AddressInfo } from 'node:net'
import { createServer } from 'node:http'
import express from 'express'
import type { AccessGuard } from '../auth/access-guard.js'
import type { Permission } from '../contract/access.js'
import { runCellGeometrySchema } from '../contract/cell-geometry.js'
import { errorBodySchema } from '../contract/errors.js'
import type { RunDetail } from '../contract/telemetry.js'
import { AppError } from '../errors.js'
import { createErrorHandler, notFoundHandler } from '../http/error-handler.js'
import { runGeometry } from '../lab-metrics/geometry.js'
import { silentLogger } from '../logger.js'
import { openDatabase } from '../store/database.js'
import { cellGeometryMigrations, createCellGeometryModule } from './module.js'

const cleanups: Array<() => void> = []
afterEach(() => cleanups.splice(0).forEach((close) => close()))

const run = (runId: string, source: RunDetail['source'], config: unknown): RunDetail => ({
  ...{ runId, source, name: 'r', seed: 1, controller: 'fixed', cells: 3, startedAt: '' },
  ...{ endedAt: null, endState: null, frames: 2, lastSeq: 2, simTimeS: 10, notes: '', config },
})
const runs: Record<string, RunDetail> = {
  'hw-1': run('hw-1', 'hardware', { cells: [{ cell: 1, anodeAreaCm2: 25, anodeVolumeL: 0.05 }] }),
  'sim-1': run('sim-1', 'simulation', {}),
}

/** A guard granting `granted` to the user "olga". */
const guardFor = (granted: readonly Permission[]) =>
  ({
    require: (permission: Permission) => (_req: unknown, res: express.Response, next: (e?: unknown) => void) => {
      res.locals['principal'] = { name: 'olga' }
      next(granted.includes(permission) ? undefined : new AppError('forbidden', `missing permission ${permission}`))
    },
  }) as unknown as AccessGuard

async function serve(granted: readonly Permission[] = ['telemetry:read', 'simulation:control']) {
  const db = openDatabase(':memory:', cellGeometryMigrations)
  const audited: Array<{ actor: string; action: string; target?: string; details?: unknown }> = []
  const module = createCellGeometryModule({
    ...{ db, guard: guardFor(granted), clock: { now: () => 1_800_000_000_000 } },
    audit: { record: (entry) => void audited.push(entry) },
    runs: {
      run: (runId) => {
        const found = runs[runId]
        if (!found) throw new AppError('not_found', `no recorded run ${runId}`)
        return found
      },
    },
  })
  const app = express()
  app.use(express.json())
  for (const mount of module.routes ?? []) app.use(`/api/v1${mount.path}`, mount.router)
  app.use(notFoundHandler)
  app.use(createErrorHandler(silentLogger))
  const server = createServer(app)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  cleanups.push(
    () => void server.close(),
    () => db.close(),
  )
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/runs`
  const put = (runId: string, body: unknown) =>
    fetch(`${base}/${runId}/geometry`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })
  return { base, put, audited, module }
}

describe('cell geometry routes', () => {
  it('shows the configured values, takes an edit over them, and audits old -> new', async () => {
    const { base, put, audited, module } = await serve()
    const before = runCellGeometrySchema.parse(await (await fetch(`${base}/hw-1/geometry`)).json())
    expect(before.cells[0]).toEqual({
      cell: 1,
      anodeAreaCm2: { value: 25, source: 'config' },
      anodeVolumeL: { value: 0.05, source: 'config' },
    })
    expect(before.cells[1]?.anodeAreaCm2).toEqual({ value: null, source: 'unset' })
    const edited = await put('hw-1', {
      cells: [
        { cell: 1, anodeAreaCm2: 50 },
        { cell: 2, anodeVolumeL: 0.1 },
      ],
    })
    expect(edited.status).toBe(200)
    const after = runCellGeometrySchema.parse(await edited.json())
    expect(after.cells[0]?.anodeAreaCm2).toEqual({ value: 50, source: 'edited' })
    expect(after.cells[0]?.anodeVolumeL).toEqual({ value: 0.05, source: 'config' })
    expect(after.cells[1]?.anodeVolumeL).toEqual({ value: 0.1, source: 'edited' })
    expect(audited).toEqual([
      {
        actor: 'olga',
        action: 'run.geometry',
        target: 'hw-1',
        details: {
          changes: [
            { cell: 1, key: 'anodeAreaCm2', from: 25, to: 50 },
            { cell: 2, key: 'anodeVolumeL', from: null, to: 0.1 },
          ],
        },
      },
    ])
    // The lab metrics divide by the edited values.
    const geometry = runGeometry(runs['hw-1']!, module.editsOf('hw-1'))
    expect(geometry.cells.map((cell) => [cell.areaCm2, cell.volumeL])).toEqual([
      [50, 0.05],
      [null, 0.1],
      [null, null],
    ])
  })
})

describe('cell geometry edits refused', () => {
  it.each([
    ['a negative area', { cells: [{ cell: 1, anodeAreaCm2: -1 }] }],
    ['a volume past the bound', { cells: [{ cell: 1, anodeVolumeL: 1e6 }] }],
    ['a number as text', { cells: [{ cell: 1, anodeVolumeL: '0.1' }] }],
    ['no value', { cells: [{ cell: 1 }] }],
    ['cell 0', { cells: [{ cell: 0, anodeAreaCm2: 5 }] }],
    ['a cell past the run', { cells: [{ cell: 4, anodeAreaCm2: 5 }] }],
    [
      'a cell twice',
      {
        cells: [
          { cell: 1, anodeAreaCm2: 5 },
          { cell: 1, anodeVolumeL: 1 },
        ],
      },
    ],
    ['an unknown key', { cells: [{ cell: 1, areaCm2: 5 }] }],
  ])('refuses %s with a 400 in the one error shape and changes nothing', async (_name, body) => {
    const { base, put, audited } = await serve()
    const answer = await put('hw-1', body)
    expect(answer.status).toBe(400)
    expect(errorBodySchema.parse(await answer.json()).error.code).toBe('bad_request')
    const now = runCellGeometrySchema.parse(await (await fetch(`${base}/hw-1/geometry`)).json())
    expect(now.cells.every((cell) => cell.anodeAreaCm2.source !== 'edited')).toBe(true)
    expect(audited).toEqual([])
  })

  it('refuses a simulated run with 409, an unknown run with 404, a reader with 403', async () => {
    const { base, put, audited } = await serve()
    const simulated = await put('sim-1', { cells: [{ cell: 1, anodeAreaCm2: 5 }] })
    expect(simulated.status).toBe(409)
    expect(errorBodySchema.parse(await simulated.json()).error.message).toContain('simulation parameters')
    const view = runCellGeometrySchema.parse(await (await fetch(`${base}/sim-1/geometry`)).json())
    expect(view.editable).toBe(false)
    expect(view.cells[0]?.anodeAreaCm2.source).toBe('simulation')
    expect((await put('nope', { cells: [{ cell: 1, anodeAreaCm2: 5 }] })).status).toBe(404)
    const reader = await serve(['telemetry:read'])
    expect((await reader.put('hw-1', { cells: [{ cell: 1, anodeAreaCm2: 5 }] })).status).toBe(403)
    expect([...audited, ...reader.audited]).toEqual([])
  })
})
