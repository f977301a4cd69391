export * from './errors.js'
export * from './health.js'
export * from './stream.js'
export * from './desktop-bridge.js'
