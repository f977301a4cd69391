export { startStation, type RunningStation, type StationDeps } from './station/station.js'
export { loadConfig, ConfigError } from './config/load.js'
export type { StationConfig } from './config/schema.js'
