import type { Router } from 'express'
import type { AccessGuard } from '../auth/access-guard.js'
import { describedRouter } from '../auth/route-description.js'
import {
  coulombicRequestSchema,
  polarizationRequestSchema,
  type PolarizationAnalysisView,
} from '../contract/analyses.js'
import { AppError } from '../errors.js'
import { parseBody } from '../validation.js'
import { coulombicAnalysis } from './analyses/coulombic-request.js'
import { CurveFileError, parseCurveFile } from './analyses/curve-file.js'
import { analysePolarization } from './analyses/polarization.js'
import type { HistoryPort } from './run/recorded-frames.js'
import { analysesApi } from './routes-description.js'
import type { TwinService } from './service.js'

/** A curve the analysis cannot use (too short, no current, an unreadable file) is the caller's input: a 400. */
function analysis<T>(compute: () => T): T {
  try {
    return compute()
  } catch (error) {
    if (error instanceof RangeError || error instanceof CurveFileError) throw new AppError('bad_request', error.message)
    throw error
  }
}

/** `/api/v1/analyses` (docs/api.md "Analyses"): polarization, coulombic efficiency and COD removal, online R_int. */
export function createAnalysesRouter(deps: { service: TwinService; history: HistoryPort; guard: AccessGuard }): Router {
  return describedRouter(analysesApi, deps.guard, {
    polarization: (req, res) => {
      const body = parseBody(polarizationRequestSchema, req)
      const answer = analysis((): PolarizationAnalysisView => {
        const imported = body.file ? parseCurveFile(body.file.text, body.file) : undefined
        const { curve, ...result } = analysePolarization(imported?.points ?? body.points ?? [], body)
        const view = {
          ...result,
          curve: curve.map((p) => ({ ...p, rExtOhm: Number.isFinite(p.rExtOhm) ? p.rExtOhm : null })),
        }
        if (!imported) return view
        const { points: _points, ...how } = imported
        return { ...view, import: how }
      })
      res.json(answer)
    },
    coulombic: (req, res) => {
      res.json(analysis(() => coulombicAnalysis(parseBody(coulombicRequestSchema, req), deps.history)))
    },
    online: (_req, res) => {
      res.set('Cache-Control', 'no-store').json(deps.service.online.estimates())
    },
  })
}
