import { z } from 'zod'

/**
 * Every IPC channel between the desktop window and the main process, declared once: the request
 * payload schema and the reply type. The preload exposes exactly these as `window.mfcDesktop`.
 */
export const desktopRequestSchemas = {
  'app:version': z.tuple([]),
  'shell:open-logs-folder': z.tuple([]),
  'shell:reveal-data-dir': z.tuple([]),
  'clipboard:copy-remote-url': z.tuple([]),
  'notify:show': z.tuple([z.object({ title: z.string().min(1).max(120), body: z.string().max(500) }).strict()]),
  'settings:set-listener': z.tuple([
    z.object({ host: z.string().min(1).max(255), port: z.number().int().min(1).max(65535) }).strict(),
  ]),
} as const

export type DesktopChannel = keyof typeof desktopRequestSchemas

export type DesktopReplies = {
  'app:version': string
  'shell:open-logs-folder': void
  'shell:reveal-data-dir': void
  /** The URL copied, so the UI can show it. */
  'clipboard:copy-remote-url': string
  'notify:show': void
  /** The station's new URL once it listens there. */
  'settings:set-listener': { url: string }
}

export type DesktopRequest<C extends DesktopChannel> = z.infer<(typeof desktopRequestSchemas)[C]>

/** The object the desktop window's preload exposes as `window.mfcDesktop`; absent in remote browsers. */
export type DesktopBridge = {
  readonly version: string
  openLogsFolder(): Promise<void>
  revealDataDir(): Promise<void>
  copyRemoteUrl(): Promise<string>
  notify(notification: { title: string; body: string }): Promise<void>
  /** Moves the listener (bind address, port) without restarting the app; the window follows. */
  setListener(listener: { host: string; port: number }): Promise<{ url: string }>
}
