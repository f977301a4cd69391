import type { Router } from 'express'
import type { AccessGuard } from '../auth/access-guard.js'
import { describedRouter, describeRoutes } from '../auth/route-description.js'
import {
  ingestRequestSchema,
  ingestResponseSchema,
  type IngestRequest,
  type IngestResponse,
} from '../contract/instruments.js'
import { AppError } from '../errors.js'
import { parseBody } from '../validation.js'

/** Takes a validated batch for a device; undefined when the device is not an HTTP push device. */
export type IngestPort = (request: IngestRequest) => IngestResponse | undefined

export const ingestApi = describeRoutes({
  name: 'ingest',
  mount: '/ingest',
  tag: 'Instruments',
  // Up to 10,000 samples (about 80 bytes each with generous channel names): more than the 100 kB of other bodies.
  bodyLimitBytes: 1024 * 1024,
  endpoints: {
    push: {
      method: 'post',
      path: '/',
      summary: 'Push a batch of samples of an HTTP push device (uri "http-ingest:")',
      description:
        'The batch is validated whole: one bad sample refuses it with every bad sample in details.issues, and nothing of it is stored. 404 for a device that is not an HTTP push device of the configuration.',
      access: 'ingest:write',
      body: ingestRequestSchema,
      responses: { 200: ingestResponseSchema },
      errors: [404],
    },
  },
})

/** `POST /api/v1/ingest` (docs/instruments.md "HTTP push"): a batch is validated whole and stored whole, or not at all. */
export function createIngestRouter(deps: { ingest: IngestPort; guard: AccessGuard }): Router {
  return describedRouter(ingestApi, deps.guard, {
    push: (req, res) => {
      const batch = parseBody(ingestRequestSchema, req)
      const answer = deps.ingest(batch)
      if (!answer)
        throw new AppError('not_found', `no HTTP push device "${batch.device}" is configured (uri "http-ingest:")`)
      res.json(answer)
    },
  })
}
