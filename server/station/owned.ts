import type { Logger } from '../logger.js'

/** Something the station created and must release: a module, a server, the database. */
export type Owned = { readonly name: string; close?(): void | Promise<void> }

/**
 * The station's resources in the order they were made (docs/architecture.md "Modules"): close() releases
 * them in reverse, each once, logging (not throwing) a close that fails so the rest still close.
 */
export function createOwnedResources(log: Logger) {
  const owned: Owned[] = []
  let closing: Promise<void> | undefined
  const closeAll = async () => {
    for (const resource of [...owned].reverse()) {
      try {
        await resource.close?.()
        log.debug(`stopped ${resource.name}`)
      } catch (error) {
        log.error(`stopping ${resource.name} failed`, error)
      }
    }
    if (owned.length > 0) log.info('station stopped')
  }
  return {
    /** Registers a resource and hands it back, so building and owning are one expression. */
    add<T extends Owned>(resource: T): T {
      owned.push(resource)
      return resource
    },
    /** Safe to call twice: the second call waits for the first. */
    close: (): Promise<void> => (closing ??= closeAll()),
  }
}
