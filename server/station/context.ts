import type { AuthModuleDeps } from '../auth/module.js'
import type { Clock } from '../clock.js'
import type { StationConfig } from '../config/schema.js'
import type { StationEvent } from '../contract/stream.js'
import type { Logger } from '../logger.js'
import type { OpenSecretStoreOptions } from '../secrets/open-secret-store.js'
import type { RunState } from '../contract/simulation.js'
import type { createOwnedResources } from './owned.js'

export type StationDeps = {
  /** Created by the entry point (docs/architecture.md "Logging"). */
  log: Logger
  rendererDir?: string
  /** Wall time and timers of every module (default the system clock). */
  clock?: Clock
  /** Test seams of the access layer: its own clock and randomness, a cheaper hasher, a fake keychain. */
  security?: Partial<Pick<AuthModuleDeps, 'clock' | 'random' | 'hasher'>> & Pick<OpenSecretStoreOptions, 'loadKeychain'>
  /** Lines the operator must see (setup code, warnings); default stderr. */
  print?: (line: string) => void
  /** Takes the one-time setup code to show it once itself (default: a framed block through `print`). */
  onSetupCode?: (code: string) => void
}

/** Start and stop the station's runs, whatever their source. */
export type RunControls = {
  status(): { runId: string; state: RunState; name: string }
  start(): unknown
  stop(): unknown
}

export type RunningStation = {
  /** The HTTPS URL a local browser opens. */
  url: string
  port: number
  /** SHA-256 fingerprint of the served certificate, colon-separated hex. */
  fingerprint: string
  certificatePem: string
  version: string
  /** A session cookie for the desktop window's local operator (never offered to remote browsers). */
  localSession(): { name: string; value: string }
  /** True while no admin exists and the one-time setup code waits to be used. */
  setupRequired(): boolean
  /** The oldest enabled admin who signs in with a password (not the local operator), if there is one. */
  firstUser(): string | undefined
  /** Where the station keeps its data and its log files (the desktop menu opens them). */
  dataDir: string
  logsDir: string
  /** Station events (alarms, run state, controller, faults) for in-process listeners such as the tray. */
  onEvent(listener: (event: StationEvent) => void): () => void
  /** The run controls the desktop tray offers: the simulation's, or the hardware acquisition's. */
  simulation: RunControls
  /** Stops every service in reverse order of start; safe to call twice. */
  close(): Promise<void>
}

/** The context every build step shares. */
export type StationContext = {
  config: StationConfig
  deps: StationDeps
  log: Logger
  clock: Clock
  print: (line: string) => void
  version: string
}

/** The resources a station owns, closed in reverse on shutdown. */
export type OwnedResources = ReturnType<typeof createOwnedResources>
