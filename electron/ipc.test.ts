import { describe, expect, it } from 'vitest'
import { IpcRejected, registerDesktopIpc, type DesktopHandlers, type IpcMainApi, type IpcSender } from './ipc.js'

function fakeIpcMain() {
  const handlers = new Map<string, (event: IpcSender, ...args: unknown[]) => unknown>()
  const api: IpcMainApi = {
    handle: (channel, listener) => void handlers.set(channel, listener),
    removeHandler: (channel) => void handlers.delete(channel),
  }
  return {
    api,
    handlers,
    call: (channel: string, url: string | null, ...args: unknown[]) =>
      handlers.get(channel)!(url === null ? { senderFrame: null } : { senderFrame: { url } }, ...args),
  }
}

const calls: string[] = []
const handlers: DesktopHandlers = {
  'app:version': () => '1.2.3',
  'shell:open-logs-folder': () => void calls.push('logs'),
  'shell:reveal-data-dir': () => void calls.push('data'),
  'clipboard:copy-remote-url': () => 'https://station.lab:8443',
  'notify:show': (n) => void calls.push(`notify:${n.title}`),
  'settings:set-listener': (listener) => ({ url: `https://${listener.host}:${listener.port}` }),
}

describe('desktop IPC', () => {
  it('serves every declared channel to the station page', async () => {
    const ipc = fakeIpcMain()
    registerDesktopIpc(ipc.api, handlers, () => 'https://127.0.0.1:8443')
    expect([...ipc.handlers.keys()].sort()).toEqual([
      'app:version',
      'clipboard:copy-remote-url',
      'notify:show',
      'settings:set-listener',
      'shell:open-logs-folder',
      'shell:reveal-data-dir',
    ])
    expect(await ipc.call('app:version', 'https://127.0.0.1:8443/')).toBe('1.2.3')
    await ipc.call('notify:show', 'https://127.0.0.1:8443/#/stack', { title: 'Alarm', body: 'cell 3 reversed' })
    expect(calls).toContain('notify:Alarm')
  })

  it.each([
    ['another origin', 'https://evil.example/'],
    ['another port on loopback', 'https://127.0.0.1:9999/'],
    ['plain http downgrade', 'http://127.0.0.1:8443/'],
    ['a file page', 'file:///tmp/x.html'],
    ['a frame without URL', null],
  ])('refuses %s', (_name, url) => {
    const ipc = fakeIpcMain()
    registerDesktopIpc(ipc.api, handlers, () => 'https://127.0.0.1:8443')
    expect(() => ipc.call('app:version', url)).toThrow(IpcRejected)
  })

  it.each([
    ['missing payload', []],
    ['wrong type', ['hello']],
    ['unknown keys', [{ title: 't', body: 'b', html: '<img onerror=x>' }]],
    ['oversized title', [{ title: 'x'.repeat(500), body: '' }]],
    ['extra argument', [{ title: 't', body: 'b' }, 'more']],
  ])('refuses a notification with %s', (_name, args) => {
    const ipc = fakeIpcMain()
    registerDesktopIpc(ipc.api, handlers, () => 'https://127.0.0.1:8443')
    expect(() => ipc.call('notify:show', 'https://127.0.0.1:8443/', ...args)).toThrow(/notify:show: invalid arguments/)
  })

  it('follows the station origin when the listener moves, and unregisters', () => {
    const ipc = fakeIpcMain()
    let origin = 'https://127.0.0.1:8443'
    const unregister = registerDesktopIpc(ipc.api, handlers, () => origin)
    origin = 'https://127.0.0.1:9443'
    expect(() => ipc.call('app:version', 'https://127.0.0.1:8443/')).toThrow(IpcRejected)
    expect(ipc.call('app:version', 'https://127.0.0.1:9443/')).toBe('1.2.3')
    unregister()
    expect(ipc.handlers.size).toBe(0)
  })
})
