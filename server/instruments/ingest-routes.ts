import { Router } from 'express'
import type { AccessGuard } from '../auth/access-guard.js'
import { ingestRequestSchema, type IngestRequest, type IngestResponse } from '../contract/instruments.js'
import { AppError } from '../errors.js'
import { parseBody } from '../validation.js'

/** Takes a validated batch for a device; undefined when the device is not an HTTP push device. */
export type IngestPort = (request: IngestRequest) => IngestResponse | undefined

/** The body of up to 10,000 samples (about 80 bytes each with generous channel names). */
export const INGEST_BODY_LIMIT = '1mb'

/**
 * `POST /api/v1/ingest` (docs/instruments.md "HTTP push"): a batch is validated whole; one bad sample
 * refuses the batch with every bad sample listed, and nothing of it is stored.
 */
export function createIngestRouter(deps: { ingest: IngestPort; guard: AccessGuard }): Router {
  const router = Router()
  router.post('/', deps.guard.require('ingest:write'), (req, res) => {
    const batch = parseBody(ingestRequestSchema, req)
    const answer = deps.ingest(batch)
    if (!answer)
      throw new AppError('not_found', `no HTTP push device "${batch.device}" is configured (uri "http-ingest:")`)
    res.json(answer)
  })
  return router
}
