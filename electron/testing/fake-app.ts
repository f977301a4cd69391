import type { AppApi } from '../electron-api.js'

type Listener = (...args: never[]) => unknown

/** Electron's `app` stand-in: `calls` records quit, exit and about; `emit` plays the OS's events. */
export function createFakeApp(options: { singleInstance?: boolean } = {}) {
  const listeners = new Map<string, Listener[]>()
  const calls: string[] = []
  const app = {
    whenReady: () => Promise.resolve(),
    requestSingleInstanceLock: () => options.singleInstance ?? true,
    getVersion: () => '9.9.9',
    getPath: (name: string) => `/fake/${name}`,
    on: (event: string, listener: Listener) => {
      listeners.set(event, [...(listeners.get(event) ?? []), listener])
    },
    quit: () => void calls.push('quit'),
    exit: (code?: number) => void calls.push(`exit:${code ?? 0}`),
    showAboutPanel: () => void calls.push('about'),
  } as AppApi
  return {
    app,
    calls,
    emit(event: string, ...args: unknown[]) {
      for (const listener of listeners.get(event) ?? []) (listener as (...a: unknown[]) => unknown)(...args)
    },
  }
}
