import { describe, expect, it } from 'vitest'
import express from 'express'
import { systemClock } from '../clock.js'
import { createAccessGuard } from './guard.js'
import { createControlLock } from './control-lock.js'
import { listRoutes } from './route-table.js'

describe('route table', () => {
  it('finds nested routes with their rule, and reports a route without one', () => {
    const guard = createAccessGuard({ controlLock: createControlLock(systemClock), clock: systemClock, reauthMs: 1 })
    const app = express()
    const api = express.Router()
    const feature = express.Router()
    feature.get('/', guard.require('simulation:read'), (_req, res) => void res.end())
    feature.post('/:id/go', guard.require('simulation:control'), guard.recentAuth(), (_req, res) => void res.end())
    feature.delete('/forgotten', (_req, res) => void res.end())
    api.get('/health', guard.public(), (_req, res) => void res.end())
    api.use('/feature', feature)
    app.use('/api/v1', api)
    expect(listRoutes(app)).toEqual([
      { method: 'GET', path: '/api/v1/health', rule: { kind: 'public' }, hazardous: false },
      {
        method: 'GET',
        path: '/api/v1/feature',
        rule: { kind: 'permission', permission: 'simulation:read' },
        hazardous: false,
      },
      {
        method: 'POST',
        path: '/api/v1/feature/:id/go',
        rule: { kind: 'permission', permission: 'simulation:control' },
        hazardous: true,
      },
      { method: 'DELETE', path: '/api/v1/feature/forgotten', rule: undefined, hazardous: false },
    ])
  })
})
