import {
  runCellGeometrySchema,
  type CellGeometryEdit,
  type RunCellGeometry,
} from '../../../../server/contract/cell-geometry'
import type { HttpClient } from '../../api/http-client'

/** A run's cell geometry (docs/api.md "Cell geometry"): read it, and edit a hardware run's. */
export function createGeometryApi(http: Pick<HttpClient, 'request'>) {
  const path = (runId: string) => `/api/v1/runs/${encodeURIComponent(runId)}/geometry`
  return {
    read: (runId: string): Promise<RunCellGeometry> => http.request('GET', path(runId), runCellGeometrySchema),
    edit: (runId: string, body: CellGeometryEdit): Promise<RunCellGeometry> =>
      http.request('PUT', path(runId), runCellGeometrySchema, body),
  }
}
export type GeometryApi = ReturnType<typeof createGeometryApi>
