import type { Router } from 'express'
import type { ComponentHealth } from './contract/health.js'

/** A router and where it is mounted: under `/api/v1` (the default) or at the root, where other tools look. */
export type RouteMount = {
  path: string
  router: Router
  at?: 'api' | 'root'
  /** A larger JSON body limit, in bytes, than the API's `http.maxBodyKb` for this mount (bulk ingest). */
  bodyLimitBytes?: number
}

/**
 * What every feature module gives the composition root (docs/architecture.md "Modules"): its routes, its
 * share of health, and a close() that releases everything it created. The root builds the modules in
 * order, mounts their routes, and closes them in reverse.
 */
export type StationModule = {
  readonly name: string
  readonly routes?: readonly RouteMount[]
  /** Components for the signed-in health answer; any component that is not up degrades the station. */
  health?(): readonly ComponentHealth[]
  close?(): void | Promise<void>
}

/** A service that is running: what its supervisor stops before a restart and on shutdown. */
export type SupervisedService = { close(): void | Promise<void> }

/**
 * Runs a service under supervision (docs/architecture.md "Supervision"): `start` is called again with
 * backoff whenever the service reports `fail`. Closing the returned handle stops the service for good.
 */
export type Supervise = (
  name: string,
  start: (fail: (error: unknown) => void) => SupervisedService,
) => { close(): Promise<void> }
