import type { Router } from 'express'
import { z } from 'zod'
import type { AccessGuard } from '../auth/access-guard.js'
import { describedRouter, describeRoutes } from '../auth/route-description.js'
import {
  instrumentsStatusSchema,
  readNowResponseSchema,
  type InstrumentsStatus,
  type ReadNowResponse,
} from '../contract/instruments.js'
import { AppError } from '../errors.js'
import { parseParams } from '../validation.js'

export type InstrumentsPort = {
  status(): InstrumentsStatus
  /** Undefined for a device that is not configured. */
  readNow(device: string): Promise<ReadNowResponse> | undefined
}

const deviceParams = z.object({ id: z.string().min(1).max(64) })

export const instrumentsApi = describeRoutes({
  name: 'instruments',
  mount: '/instruments',
  tag: 'Instruments',
  endpoints: {
    status: {
      method: 'get',
      path: '/',
      summary: 'The telemetry source, the hardware run, every device with its link status, and the channel map',
      access: 'instruments:read',
      responses: { 200: instrumentsStatusSchema },
    },
    readNow: {
      method: 'post',
      path: '/:id/read',
      summary: 'Read every mapped channel of one device once, now (503 when the device does not answer)',
      access: 'instruments:operate',
      params: deviceParams,
      responses: { 200: readNowResponseSchema },
      errors: [503],
    },
  },
})

/** `/api/v1/instruments` (docs/instruments.md): devices with their link status and the channel map; "read now". */
export function createInstrumentsRouter(deps: { instruments: InstrumentsPort; guard: AccessGuard }): Router {
  return describedRouter(instrumentsApi, deps.guard, {
    status: (_req, res) => {
      res.set('Cache-Control', 'no-store').json(deps.instruments.status())
    },
    readNow: async (req, res) => {
      const { id } = parseParams(deviceParams, req)
      const answer = deps.instruments.readNow(id)
      if (!answer) throw new AppError('not_found', `no instrument "${id}" is configured`)
      try {
        res.json(await answer)
      } catch (error) {
        throw new AppError('unavailable', `${id}: ${(error as Error).message}`)
      }
    },
  })
}
