import { z } from 'zod'
import { MAX_SCHEDULED, resistanceOhm } from './bounds.js'
import { controllerConfigSchema } from './control/controller-config.js'
import type { EngineCore } from './engine-core.js'
import { formatPath, mergeConfig, parseRunConfig, RunConfigError, type RunConfig } from './run-config.js'
import { faultSchema } from './run-config-parts.js'
import type { SweepOptions } from './sweep-points.js'

/** Which parts of a config a running engine can take over without rebuilding the stack. */
const LIVE_KEYS = ['name', 'durationS', 'feed', 'load', 'controller', 'targets', 'outputIntervalS'] as const

function sameExceptLive(a: RunConfig, b: RunConfig): boolean {
  const strip = (config: RunConfig) =>
    JSON.stringify({ ...config, ...Object.fromEntries(LIVE_KEYS.map((key) => [key, null])) })
  return strip(a) === strip(b)
}

/** Validates a piece of the config with the path it would have inside the whole document. */
function parsePart<T>(
  schema: {
    safeParse(
      input: unknown,
    ):
      | { success: true; data: T }
      | { success: false; error: { issues: Array<{ path: PropertyKey[]; message: string }> } }
  },
  input: unknown,
  prefix: string,
): T {
  const result = schema.safeParse(input)
  if (result.success) return result.data
  throw new RunConfigError(
    result.error.issues.map((issue) => ({ path: formatPath([prefix, ...issue.path]), message: issue.message })),
  )
}

/**
 * Applies a partial configuration after validating the merged document (RunConfigError with the
 * field's path otherwise, and nothing changes). Feed, load, controller and targets apply live;
 * anything structural is kept for the next reset.
 */
export function configure(core: EngineCore, patch: unknown): { restartRequired: boolean } {
  const next = parseRunConfig(mergeConfig(core.pending ?? core.config, patch))
  if (!sameExceptLive(next, core.config)) {
    core.pending = next
    return { restartRequired: true }
  }
  const controllerChanged = JSON.stringify(next.controller) !== JSON.stringify(core.config.controller)
  core.run.reconfigure(next)
  core.config = next
  if (controllerChanged) core.run.setController(next.controller)
  return { restartRequired: false }
}

/** Switches the controller now (validated like the config's `controller` field). */
export function setController(core: EngineCore, input: unknown): void {
  const next = parseRunConfig({ ...core.config, controller: parsePart(controllerConfigSchema, input, 'controller') })
  core.config = next
  core.run.setController(next.controller)
}

/** Injects a fault now (or at its atS if later); returns its id for clearFault. */
export function injectFault(core: EngineCore, input: unknown): number {
  const fault = parsePart(faultSchema, { atS: 0, ...(input as object) }, 'fault')
  // Every fault is scanned at every instant, as the config's own schedule is (bounds.ts MAX_SCHEDULED).
  if (core.run.faultCount() >= MAX_SCHEDULED)
    throw new RunConfigError([{ path: 'fault', message: `at most ${MAX_SCHEDULED} faults active or pending at once` }])
  const cells = core.config.stack.cells
  if ('cell' in fault && fault.cell !== undefined && fault.cell >= cells)
    throw new RunConfigError([{ path: 'fault.cell', message: `no cell ${fault.cell} in a ${cells}-cell stack` }])
  return core.run.injectFault(fault)
}

/** A sweep's grid: loads within the config's resistance bounds, 2 to 1000 points (each a steady-state solve). */
const sweepOptionsSchema = z
  .object({ minOhm: resistanceOhm, maxOhm: resistanceOhm, points: z.number().int().min(2).max(1000) })
  .strict()
  .refine((options) => options.minOhm < options.maxOhm, { message: 'minOhm must be below maxOhm', path: ['minOhm'] })

/** Validates a sweep's options (RunConfigError with the path `sweep.<field>`). */
export function parseSweepOptions(input: SweepOptions): SweepOptions {
  return parsePart(sweepOptionsSchema, input, 'sweep')
}
