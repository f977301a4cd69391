import { spawn, type ChildProcess } from 'node:child_process'
import { createInterface } from 'node:readline'
import { requireBinary, stopProcess } from '../../tls/testing/processes.js'

export { freeLoopbackPort, requireBinary, stopProcess } from '../../tls/testing/processes.js'

/** Debian's Python, which has the Debian packages (python3-pymodbus, python3-serial); never a pyenv shim. */
export const DEBIAN_PYTHON = '/usr/bin/python3'

/** A child process driven by JSON or text lines on stdin, answering "ok" per line. */
export type ScriptedPeer = {
  child: ChildProcess
  /** Sends one command line and resolves when the peer printed "ok". */
  command(line: string): Promise<void>
  stop(): Promise<void>
}

/**
 * Starts a peer program, resolves with its first stdout line matching `ready` and a command channel.
 * Rejects (and stops it) if it exits first or takes longer than `timeoutMs`.
 */
export function startScriptedPeer(
  command: string,
  args: readonly string[],
  ready: RegExp,
  timeoutMs = 10_000,
): Promise<ScriptedPeer & { ready: RegExpExecArray }> {
  requireBinary(command, command === DEBIAN_PYTHON ? 'python3' : command)
  const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] })
  let stderr = ''
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const lines = createInterface({ input: child.stdout })
  // Some peers (mosquitto) say they are ready in their log on stderr.
  const logLines = createInterface({ input: child.stderr })
  const waiting: Array<() => void> = []
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stopProcess(child)
      reject(new Error(`${command} ${args.join(' ')} not ready within ${timeoutMs} ms: ${stderr}`))
    }, timeoutMs)
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`${command} ${args.join(' ')} exited (${code}) before it was ready: ${stderr}`))
    })
    let resolved = false
    const onLine = (line: string) => {
      const match = ready.exec(line)
      if (match && !resolved) {
        resolved = true
        clearTimeout(timer)
        resolve({
          child,
          ready: match,
          command: (text) =>
            new Promise<void>((done) => {
              waiting.push(done)
              child.stdin.write(`${text}\n`)
            }),
          stop: () => stopProcess(child),
        })
      } else if (line === 'ok') waiting.shift()?.()
    }
    lines.on('line', onLine)
    logLines.on('line', (line) => !resolved && onLine(line))
  })
}
