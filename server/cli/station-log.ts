import { join } from 'node:path'
import electronLog from 'electron-log/node'
import type { StationConfig } from '../config/schema.js'
import type { Logger } from '../logger.js'

let instanceCount = 0

/**
 * A station logger writing to the console and to `<dataDir>/logs/station.log` (rotated at 5 MB by
 * electron-log). Each station gets its own electron-log instance so two stations in one process
 * (tests, benchmarks) never write into each other's files.
 */
export function createStationLog(
  config: Pick<StationConfig, 'dataDir' | 'logLevel'>,
  options: { console?: boolean; holdConsole?: boolean } = {},
): Logger & { releaseConsole(): void } {
  instanceCount += 1
  const log = electronLog.create({ logId: `station-${process.pid}-${instanceCount}` })
  // Named explicitly: electron-log otherwise takes the name from the package.json nearest the working
  // directory, finds none under systemd, npx or Docker, and turns file logging off without a word.
  log.transports.file.setAppName('mfc-station')
  log.transports.file.resolvePathFn = () => join(config.dataDir, 'logs', 'station.log')
  // The log names users, addresses and token ids: private to the station's user like the rest of the data dir.
  log.transports.file.writeOptions = { flag: 'a', mode: 0o600, encoding: 'utf8' }
  log.transports.file.maxSize = 5 * 1024 * 1024
  log.transports.file.level = config.logLevel
  log.transports.console.level = options.console === false ? false : config.logLevel
  // Logs go to stderr so stdout carries only what the CLI prints on purpose (the ready line, JSON).
  // `holdConsole` keeps the console lines of the start until releaseConsole(): the first lines an
  // operator sees are then the station's URL and certificate, not start-up chatter (docs/operations.md).
  const held: unknown[][] | undefined = options.holdConsole ? [] : undefined
  let holding = held !== undefined
  log.transports.console.writeFn = ({ message }) => {
    const data = message.data as unknown[]
    if (holding) held?.push(data)
    else console.error(...data)
  }
  // electron-log would otherwise also try to catch errors process-wide; the CLI owns that.
  log.errorHandler.stopCatching()
  return {
    error: (message, ...details) => log.error(message, ...details),
    warn: (message, ...details) => log.warn(message, ...details),
    info: (message, ...details) => log.info(message, ...details),
    debug: (message, ...details) => log.debug(message, ...details),
    releaseConsole() {
      holding = false
      for (const data of held?.splice(0) ?? []) console.error(...data)
    },
  }
}
