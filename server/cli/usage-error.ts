import { parseArgs, type ParseArgsConfig } from 'node:util'

/** A mistake on the command line: printed as one line, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError'
}

/** node:util's parseArgs, its first error line a UsageError (an unknown or malformed flag is one line, exit 2). */
export function parseCommandLine<T extends ParseArgsConfig>(config: T): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config)
  } catch (error) {
    throw new UsageError((error as Error).message.split('\n')[0] ?? String(error))
  }
}
