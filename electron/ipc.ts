import {
  desktopRequestSchemas,
  type DesktopChannel,
  type DesktopReplies,
  type DesktopRequest,
} from '../server/contract/desktop-bridge.js'
import { isStationUrl } from './navigation.js'

/** What a handler learns about who called: the frame that sent the message. */
export type IpcSender = { senderFrame: { url: string } | null }

export type IpcMainApi = {
  handle(channel: string, listener: (event: IpcSender, ...args: unknown[]) => unknown): void
  removeHandler(channel: string): void
}

export type DesktopHandlers = {
  [C in DesktopChannel]: (...args: DesktopRequest<C>) => Promise<DesktopReplies[C]> | DesktopReplies[C]
}

/** Refused IPC: a frame that is not the station's page, or a payload that is not the declared shape. */
export class IpcRejected extends Error {
  override name = 'IpcRejected'
}

/**
 * Registers every declared channel. Each call is checked before the handler runs: the sender must be
 * a frame on the station's origin (not an iframe or page it navigated to), and the arguments must
 * match the channel's schema. Returns a function that removes the handlers.
 */
export function registerDesktopIpc(
  ipcMain: IpcMainApi,
  handlers: DesktopHandlers,
  stationOrigin: () => string,
): () => void {
  const channels = Object.keys(desktopRequestSchemas) as DesktopChannel[]
  for (const channel of channels) {
    ipcMain.handle(channel, (event, ...args) => {
      const url = event.senderFrame?.url ?? ''
      if (!isStationUrl(url, stationOrigin()))
        throw new IpcRejected(`${channel}: sender ${url || '(unknown frame)'} is not the station`)
      const parsed = desktopRequestSchemas[channel].safeParse(args)
      if (!parsed.success) throw new IpcRejected(`${channel}: invalid arguments`)
      return (handlers[channel] as (...a: unknown[]) => unknown)(...(parsed.data as unknown[]))
    })
  }
  return () => {
    for (const channel of channels) ipcMain.removeHandler(channel)
  }
}
