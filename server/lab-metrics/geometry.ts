import { z } from 'zod'
import { nominalCellParameters } from '../sim/parameters.js'

/*
 * What a run's recorded configuration says about its cells' size and feed (docs/lab-metrics.md
 * "Cell geometry"): a simulation's cell parameters (`cell.parameters`, overridden per cell in `cells[]`),
 * or the hardware configuration's `cells[]` entries (`anodeAreaCm2`, `anodeVolumeL`).
 */

export type CellGeometry = { areaCm2: number | null; volumeL: number | null }

/** The feed a simulated run had: influent over time, dosing, parallel or cascade feeding. */
export type FeedModel = {
  influentMgL: number
  schedule: ReadonlyArray<{ atS: number; influentMgL: number }>
  dosingMgPerDay: number
  cascade: boolean
}

export type RunGeometry = { cells: CellGeometry[]; feed: FeedModel | null }

/** A hardware run's edited sizes by cell number (1..), over its configuration's (docs/lab-metrics.md). */
export type GeometryEdits = ReadonlyMap<
  number,
  { anodeAreaCm2?: number | undefined; anodeVolumeL?: number | undefined }
>

const size = z.object({ anodeAreaCm2: z.number().optional(), anodeVolumeL: z.number().optional() })

const simulationConfig = z.object({
  cell: z.object({ parameters: size.optional() }).optional(),
  cells: z.array(z.object({ index: z.number().int(), parameters: size.optional() })).optional(),
  stack: z.object({ feeding: z.string().optional() }).optional(),
  feed: z
    .object({
      influentMgL: z.number().optional(),
      dosingMgPerDay: z.number().optional(),
      influentSchedule: z.array(z.object({ atS: z.number(), influentMgL: z.number() })).optional(),
    })
    .optional(),
})

const hardwareConfig = z.object({ cells: z.array(size.extend({ cell: z.number().int() })).optional() })

function simulatedGeometry(config: unknown, cells: number): RunGeometry {
  const parsed = simulationConfig.safeParse(config ?? {})
  const run = parsed.success ? parsed.data : {}
  const shared = run.cell?.parameters ?? {}
  const perCell = (index: number) => run.cells?.find((entry) => entry.index === index)?.parameters ?? {}
  return {
    cells: Array.from({ length: cells }, (_v, index) => ({
      areaCm2: perCell(index).anodeAreaCm2 ?? shared.anodeAreaCm2 ?? nominalCellParameters.anodeAreaCm2,
      volumeL: perCell(index).anodeVolumeL ?? shared.anodeVolumeL ?? nominalCellParameters.anodeVolumeL,
    })),
    feed: {
      influentMgL: run.feed?.influentMgL ?? 300,
      schedule: [...(run.feed?.influentSchedule ?? [])].sort((a, b) => a.atS - b.atS),
      dosingMgPerDay: run.feed?.dosingMgPerDay ?? 0,
      cascade: run.stack?.feeding === 'cascade',
    },
  }
}

function hardwareGeometry(config: unknown, cells: number, edits: GeometryEdits | undefined): RunGeometry {
  const parsed = hardwareConfig.safeParse(config ?? {})
  const entries = parsed.success ? (parsed.data.cells ?? []) : []
  return {
    cells: Array.from({ length: cells }, (_v, index) => {
      const entry = entries.find((candidate) => candidate.cell === index + 1)
      const edit = edits?.get(index + 1)
      return {
        areaCm2: edit?.anodeAreaCm2 ?? entry?.anodeAreaCm2 ?? null,
        volumeL: edit?.anodeVolumeL ?? entry?.anodeVolumeL ?? null,
      }
    }),
    feed: null,
  }
}

/**
 * The geometry of a recorded run's cells from its stored configuration, a hardware run's edits over it
 * (a simulated run's sizes are its parameters: edits do not apply).
 */
export function runGeometry(
  run: { source: 'simulation' | 'hardware'; cells: number; config: unknown },
  edits?: GeometryEdits,
): RunGeometry {
  return run.source === 'simulation'
    ? simulatedGeometry(run.config, run.cells)
    : hardwareGeometry(run.config, run.cells, edits)
}

/** The influent strength in force at a time: the last schedule entry at or before it, else the base. */
export function influentAt(feed: FeedModel, timeS: number): number {
  let influent = feed.influentMgL
  for (const entry of feed.schedule) if (entry.atS <= timeS) influent = entry.influentMgL
  return influent
}
