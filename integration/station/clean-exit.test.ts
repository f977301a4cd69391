import { spawn } from 'node:child_process'
import { rmSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const script = fileURLToPath(new URL('./fixtures/start-and-close.mjs', import.meta.url))

describe('closing the station', () => {
  it('leaves no open handle: no timer, socket or watcher it created is alive, and the process exits', async () => {
    const child = spawn(process.execPath, [script], { stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    // A leaked interval or socket keeps the event loop alive forever; 10 s is far beyond a clean exit.
    const code = await new Promise<number | string>((resolve) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL')
        resolve('still running 10 s after close()')
      }, 10_000)
      child.once('exit', (exitCode, signal) => {
        clearTimeout(timer)
        resolve(exitCode ?? signal ?? 'unknown')
      })
    })
    expect(code, stderr).toBe(0)
    const report = JSON.parse(stdout) as { dataDir: string; leftover: string[] }
    rmSync(report.dataDir, { recursive: true, force: true })
    expect(report.leftover).toEqual([])
  })
})
