import type { ListenerSettings, RunningStation } from '../server/index.js'

/** What is bound to one running station (session cookie, tray, notifications); the function releases it. */
export type Attach = (station: RunningStation) => Promise<() => void>

export type StationSlot = {
  current(): RunningStation
  /**
   * Bind address and port need a new listener: the station restarts in-process on the new settings
   * and `moved` tells the window where it is. If it cannot start there (port taken), the old settings come back.
   */
  moveListener(listener: ListenerSettings): Promise<{ url: string }>
  /** Releases what is bound at once, then stops the station. */
  close(): Promise<void>
}

/**
 * The one station the desktop app runs, started from its configuration, with `attach` bound to it and
 * to every station that replaces it on a listener move.
 */
export async function startStationSlot(deps: {
  start: () => Promise<RunningStation>
  attach: Attach
  saveListener: (dataDir: string, listener: ListenerSettings) => () => void
  moved: (url: string) => void
}): Promise<StationSlot> {
  let station = await deps.start()
  let detach = await deps.attach(station)
  const restart = async () => {
    station = await deps.start()
    detach = await deps.attach(station)
  }
  return {
    current: () => station,
    moveListener: async (listener) => {
      const restore = deps.saveListener(station.dataDir, listener)
      detach()
      await station.close()
      try {
        await restart()
      } catch (error) {
        restore()
        await restart()
        throw error
      } finally {
        deps.moved(station.url)
      }
      return { url: station.url }
    },
    close: () => {
      detach()
      return station.close()
    },
  }
}
