import { writeFileSync } from 'node:fs'
import { join } from 'node:path'

/**
 * Writes the pilot benches' run configuration into `dataDir` and returns its path (for MFC_SIM_SCENARIO):
 * `cells` cells with a 3 % spread, above 32 cells as series-parallel strings of 32, running for a year.
 */
export function writeStackScenario(dataDir: string, cells: number, name: string, faults: unknown[] = []): string {
  const path = join(dataDir, 'scenario.json')
  const stack = cells > 32 ? { cells, wiring: 'series-parallel', cellsPerString: 32 } : { cells, wiring: 'series' }
  writeFileSync(
    path,
    JSON.stringify({ version: 1, name, seed: 7, durationS: 31_536_000, stack: { ...stack, spread: 0.03 }, faults }),
  )
  return path
}
