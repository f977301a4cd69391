import { Router } from 'express'
import { z } from 'zod'
import type { AccessGuard } from '../auth/access-guard.js'
import type { InstrumentsStatus, ReadNowResponse } from '../contract/instruments.js'
import { AppError } from '../errors.js'
import { parseParams } from '../validation.js'

export type InstrumentsPort = {
  status(): InstrumentsStatus
  /** Undefined for a device that is not configured. */
  readNow(device: string): Promise<ReadNowResponse> | undefined
}

const deviceParams = z.object({ id: z.string().min(1).max(64) })

/** `/api/v1/instruments`: devices with their link status and the channel map; "read now". */
export function createInstrumentsRouter(deps: { instruments: InstrumentsPort; guard: AccessGuard }): Router {
  const router = Router()
  router.get('/', deps.guard.require('instruments:read'), (_req, res) => {
    res.set('Cache-Control', 'no-store').json(deps.instruments.status())
  })
  router.post('/:id/read', deps.guard.require('instruments:operate'), async (req, res) => {
    const { id } = parseParams(deviceParams, req)
    const answer = deps.instruments.readNow(id)
    if (!answer) throw new AppError('not_found', `no instrument "${id}" is configured`)
    try {
      res.json(await answer)
    } catch (error) {
      throw new AppError('unavailable', `${id}: ${(error as Error).message}`)
    }
  })
  return router
}
