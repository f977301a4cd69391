import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort } from './free-port.js'

/** Why Debian's Prometheus cannot run here, or undefined if it can (docs/testing.md "Real components"). */
export function prometheusUnavailable(): string | undefined {
  return spawnSync('prometheus', ['--version']).error ? 'prometheus (Debian package prometheus)' : undefined
}

/** One series of an instant query (Prometheus HTTP API, "Instant queries"). */
export type PromSample = { metric: Record<string, string>; value: [number, string] }

export type PrometheusServer = {
  url: string
  /** An instant query through the HTTP API. */
  query(expr: string): Promise<PromSample[]>
  /** Polls `expr` until `accept` holds for its result (bounded), then returns the result. */
  waitFor(expr: string, accept: (result: PromSample[]) => boolean, timeoutMs?: number): Promise<PromSample[]>
  log(): string
  stop(): Promise<void>
}

/** `promtool check config FILE`: exit code and output. */
export function promtoolCheckConfig(file: string): { code: number; output: string } {
  const result = spawnSync('promtool', ['check', 'config', file], { encoding: 'utf8' })
  if (result.error) throw new Error('promtool not found: install the Debian package "prometheus"')
  return { code: result.status ?? -1, output: `${result.stdout}${result.stderr}` }
}

/** Debian's Prometheus server on a free loopback port with `config` (YAML) and a temporary TSDB, stopped by its PID. */
export async function startPrometheus(config: string): Promise<PrometheusServer> {
  const dir = mkdtempSync(join(tmpdir(), 'mfc-prometheus-'))
  const file = join(dir, 'prometheus.yml')
  writeFileSync(file, config)
  const port = await freePort()
  const url = `http://127.0.0.1:${port}`
  const child = spawn(
    'prometheus',
    [`--config.file=${file}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  )
  let output = ''
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
    await exited
    rmSync(dir, { recursive: true, force: true })
  }
  const query = async (expr: string) => {
    const res = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(expr)}`)
    const body = (await res.json()) as { status: string; data?: { result: PromSample[] }; error?: string }
    if (body.status !== 'success') throw new Error(`query ${expr}: ${body.error}`)
    return body.data?.result ?? []
  }
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
  for (let attempt = 0; ; attempt += 1) {
    if (child.exitCode !== null) throw new Error(`prometheus exited (${child.exitCode}): ${output}`)
    if (
      await fetch(`${url}/-/ready`).then(
        (res) => res.ok,
        () => false,
      )
    )
      break
    if (attempt > 200) {
      await stop()
      throw new Error(`prometheus was not ready within 20 s: ${output}`)
    }
    await sleep(100)
  }
  return {
    url,
    query,
    async waitFor(expr, accept, timeoutMs = 20_000) {
      const until = Date.now() + timeoutMs
      for (;;) {
        const result = await query(expr)
        if (accept(result)) return result
        if (Date.now() > until)
          throw new Error(`${expr} did not match within ${timeoutMs} ms: ${JSON.stringify(result)}`)
        await sleep(250)
      }
    },
    log: () => output,
    stop,
  }
}
