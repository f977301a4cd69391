import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { WebSocket } from 'ws'

const run = promisify(execFile)

export type WrkResult = { requestsPerSecond: number; p99Ms: number }

function toMs(value: string, unit: string): number {
  const factor = unit === 'us' ? 0.001 : unit === 'ms' ? 1 : unit === 's' ? 1000 : NaN
  return Number(value) * factor
}

/** Runs wrk against a URL and parses requests/s and the 99th percentile latency from its --latency report. */
export async function wrk(
  url: string,
  options: { connections: number; threads: number; seconds: number; closeEach?: boolean; headers?: readonly string[] },
): Promise<WrkResult> {
  const headers = [...(options.closeEach ? ['Connection: close'] : []), ...(options.headers ?? [])].flatMap(
    (header) => ['-H', header],
  )
  const args = [
    `-t${options.threads}`,
    `-c${options.connections}`,
    `-d${options.seconds}s`,
    '--latency',
    ...headers,
    url,
  ]
  const { stdout } = await run('wrk', args, { timeout: (options.seconds + 30) * 1000 })
  const rps = /Requests\/sec:\s+([\d.]+)/.exec(stdout)
  const p99 = /\s99%\s+([\d.]+)(us|ms|s)\b/.exec(stdout)
  const errors = /Non-2xx or 3xx responses: (\d+)/.exec(stdout)
  if (!rps || !p99) throw new Error(`cannot parse wrk output:\n${stdout}`)
  if (errors) throw new Error(`wrk saw ${errors[1]} failed responses from ${url}`)
  return { requestsPerSecond: Number(rps[1]), p99Ms: toMs(p99[1]!, p99[2]!) }
}

export type DeliveryResult = { clients: number; frames: number; p50Ms: number; p99Ms: number; missed: number }

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN
}

/**
 * Opens `clients` WSS connections and, for `seconds`, records each telemetry frame's delivery latency
 * (receive time minus the sender's wallTimeMs stamp; same machine, same clock) and sequence gaps.
 */
export async function streamDelivery(
  url: string,
  options: { clients: number; seconds: number; ca: string; origin?: string; token?: string },
): Promise<DeliveryResult> {
  const headers = {
    ...(options.origin ? { Origin: options.origin } : {}),
    ...(options.token ? { Authorization: `Bearer ${options.token}` } : {}),
  }
  const sockets = await Promise.all(
    Array.from(
      { length: options.clients },
      () =>
        new Promise<WebSocket>((resolve, reject) => {
          const ws = new WebSocket(url, { ca: options.ca, perMessageDeflate: false, headers })
          ws.once('open', () => resolve(ws))
          ws.once('error', reject)
        }),
    ),
  )
  const latencies: number[] = []
  let missed = 0
  let recording = false
  for (const ws of sockets) {
    let lastSeq: number | undefined
    ws.on('message', (data) => {
      const message = JSON.parse(String(data)) as { type: string; seq?: number; wallTimeMs?: number }
      if (message.type !== 'telemetry' || message.seq === undefined || message.wallTimeMs === undefined) return
      if (recording) {
        latencies.push(performance.timeOrigin + performance.now() - message.wallTimeMs)
        if (lastSeq !== undefined && message.seq > lastSeq + 1) missed += message.seq - lastSeq - 1
      }
      lastSeq = message.seq
    })
  }
  // One second of warm-up so connection set-up does not count as delivery latency.
  await new Promise((resolve) => setTimeout(resolve, 1000))
  recording = true
  await new Promise((resolve) => setTimeout(resolve, options.seconds * 1000))
  recording = false
  for (const ws of sockets) ws.terminate()
  latencies.sort((a, b) => a - b)
  return {
    clients: options.clients,
    frames: latencies.length,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    missed,
  }
}
