import { z } from 'zod'
import { telemetrySources } from './stream.js'

/*
 * A run's cell geometry (docs/lab-metrics.md "Editing cell geometry"): the anode area and volume the power
 * densities divide by, per cell, with where each value came from. A hardware run's values can be edited
 * after the fact; a simulated run's are its simulation parameters.
 */

/** Where a value came from: the run's configuration, an edit, the simulation's parameters, or nowhere yet. */
export const geometrySources = ['config', 'edited', 'simulation', 'unset'] as const

const sourcedValue = z.object({ value: z.number().nullable(), source: z.enum(geometrySources) })

export const cellGeometryEntrySchema = z.object({
  cell: z.number().int().min(1),
  anodeAreaCm2: sourcedValue,
  anodeVolumeL: sourcedValue,
})

/** `GET /api/v1/runs/:runId/geometry` and the answer of its `PUT`. */
export const runCellGeometrySchema = z.object({
  runId: z.string(),
  source: z.enum(telemetrySources),
  editable: z.boolean(),
  cells: z.array(cellGeometryEntrySchema),
})
export type RunCellGeometry = z.infer<typeof runCellGeometrySchema>

/** Bounds of an edit: a positive finite size up to 100 m² of anode and 100 m³ of anode liquid. */
export const MAX_ANODE_AREA_CM2 = 1_000_000
export const MAX_ANODE_VOLUME_L = 100_000

const cellEditSchema = z
  .object({
    cell: z.number().int().min(1),
    anodeAreaCm2: z.number().positive().max(MAX_ANODE_AREA_CM2).optional(),
    anodeVolumeL: z.number().positive().max(MAX_ANODE_VOLUME_L).optional(),
  })
  .strict()
  .refine((edit) => edit.anodeAreaCm2 !== undefined || edit.anodeVolumeL !== undefined, {
    message: 'give anodeAreaCm2, anodeVolumeL or both',
  })

/** `PUT /api/v1/runs/:runId/geometry`: new values for some cells; a key left out keeps its value. */
export const cellGeometryEditSchema = z
  .object({ cells: z.array(cellEditSchema).min(1).max(4096) })
  .strict()
  .refine((body) => new Set(body.cells.map((edit) => edit.cell)).size === body.cells.length, {
    message: 'each cell may appear once',
    path: ['cells'],
  })
export type CellGeometryEdit = z.infer<typeof cellGeometryEditSchema>
