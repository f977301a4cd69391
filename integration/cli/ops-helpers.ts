import { spawn } from 'node:child_process'
import { CLI_PATH } from '../../server/testing/station-process.js'

export type CliResult = { code: number | null; stdout: string; stderr: string }

/** Runs `mfc-station ARGS` as operators do: a real process, `input` on stdin (a password), bounded in time. */
export function cli(args: string[], options: { input?: string; env?: Record<string, string | undefined> } = {}) {
  const env: Record<string, string | undefined> = { ...process.env, MFC_TOKEN: undefined, ...options.env }
  const child = spawn(process.execPath, [CLI_PATH, ...args], {
    env: Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined)),
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  child.stdin.end(options.input ?? '')
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000)
  return new Promise<CliResult>((resolve) =>
    child.once('exit', (code) => (clearTimeout(timer), resolve({ code, stdout, stderr }))),
  )
}

/** A failure as the CLI must report it: one line on stderr, nothing on stdout, the exit code. */
export function expectOneLine(result: CliResult, code: number, message: RegExp): void {
  const lines = result.stderr.trim().split('\n')
  if (result.code !== code || lines.length !== 1 || !message.test(lines[0]!) || result.stdout !== '')
    throw new Error(
      `expected exit ${code} with one line ${message}, got ${result.code}: ${result.stderr}${result.stdout}`,
    )
}
