import { spawn, type ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'

const dist = fileURLToPath(new URL('..', import.meta.url))

/** The built station's `serve` on port 0 in `dataDir`, printing its ready line, logging warnings only; `extra` adds flags. */
export function stationServeArgs(dataDir: string, extra: string[] = []): string[] {
  const serve = ['serve', '--ready-json', '--port', '0', '--data-dir', dataDir, '--log-level', 'warn']
  return [join(dist, 'server/cli/main.js'), ...serve, ...extra]
}

/** Starts a server process that prints `{"event":"ready","url":...}` on stdout and resolves with that URL. */
export async function startReadyProcess(
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'], env })
  const url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      try {
        const message = JSON.parse(line) as { event?: string; url?: string }
        if (message.event === 'ready' && message.url) resolve(message.url)
      } catch {
        // not the ready line
      }
    })
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code}`)))
  })
  return { url, child }
}

/** SIGTERM by PID and wait for the exit. */
export function stopProcess(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve()
    child.once('exit', () => resolve())
    child.kill('SIGTERM')
  })
}
