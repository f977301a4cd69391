import { expect } from 'vitest'
import { parseRunConfig, RunConfigError } from '../run-config.js'

/** The field paths a rejected run configuration names (fails the test if it is accepted). */
export function issuePaths(input: unknown): string[] {
  try {
    parseRunConfig(input)
  } catch (error) {
    expect(error).toBeInstanceOf(RunConfigError)
    return (error as RunConfigError).issues.map((issue) => issue.path)
  }
  throw new Error('expected the config to be rejected')
}
