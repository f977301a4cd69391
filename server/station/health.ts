import type { Clock } from '../clock.js'
import type { ComponentHealth, Health } from '../contract/health.js'
import type { StationModule } from '../module.js'

/**
 * The station's health from its parts (docs/operations.md "Supervision and health"): `degraded` while any component of any
 * module or supervised service is not up; anonymous callers see only the summary.
 */
export function createStationHealth(deps: {
  version: string
  clock: Clock
  sources: ReadonlyArray<Pick<StationModule, 'health'>>
}) {
  const startedAt = deps.clock.now()
  const uptimeSeconds = () => Math.round((deps.clock.now() - startedAt) / 1000)
  const components = (): ComponentHealth[] => deps.sources.flatMap((source) => source.health?.() ?? [])
  return {
    uptimeSeconds,
    components,
    summary: (): Health => ({
      status: components().every((component) => component.up) ? 'ok' : 'degraded',
      version: deps.version,
      uptimeSeconds: uptimeSeconds(),
    }),
  }
}
