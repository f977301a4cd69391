import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { ConfigError } from '../config/load.js'
import { packageRoot } from '../package-info.js'

/** The run the station starts with when no scenario is configured: a 5-cell series stack with one weak cell. */
export function defaultScenarioPath(root = packageRoot()): string {
  return join(root, 'resources', 'scenarios', 'station-default.json')
}

/** Reads a scenario (run configuration) file; the engine validates its content. */
export async function readScenario(path: string): Promise<unknown> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    throw new ConfigError(
      `sim.scenario: cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
    )
  }
  try {
    return JSON.parse(text) as unknown
  } catch (error) {
    throw new ConfigError(`sim.scenario: ${path} is not valid JSON: ${(error as Error).message}`)
  }
}
