import { writeFileSync } from 'node:fs'

/** The pilot-scale stack the long-task budget is measured on: the 512 cells the run configuration allows (issue 14). */
export const PILOT_CELLS = 512
/** Cells per series string of the pilot stack: modules of 32 as sixteen strings in parallel. */
export const PILOT_CELLS_PER_STRING = 32

/** Writes a run configuration for a stack of `cells` cells and returns its path (for MFC_SIM_SCENARIO). */
export function writeStackScenario(path: string, cells: number, cellsPerString?: number): string {
  const stack =
    cellsPerString === undefined
      ? { cells, wiring: 'series', spread: 0.03 }
      : { cells, wiring: 'series-parallel', cellsPerString, spread: 0.03 }
  const scenario = {
    version: 1,
    name: `stack-${cells}-cells`,
    seed: 7,
    durationS: 31_536_000,
    stack,
    load: { rExtOhm: 1600 },
  }
  writeFileSync(path, JSON.stringify(scenario))
  return path
}
