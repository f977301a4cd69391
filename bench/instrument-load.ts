import { readFileSync } from 'node:fs'
import { request, type Agent } from 'node:https'
import modbusSerial from 'modbus-serial'

/** CPU seconds (user + system) a process has used, from /proc (Linux; clock ticks of 100 Hz). */
export function cpuSecondsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
  return (Number(fields[11]) + Number(fields[12])) / 100
}

/** JSON over HTTPS with the station's token, trusting only its certificate; keep-alive. */
export function apiCall(station: { url: string; ca: string; token: string; agent: Agent }) {
  return (method: string, path: string, body?: string): Promise<{ status: number; body: string }> =>
    new Promise((resolve, reject) => {
      const req = request(
        new URL(path, station.url),
        {
          method,
          ca: station.ca,
          agent: station.agent,
          headers: {
            authorization: `Bearer ${station.token}`,
            ...(body ? { 'content-type': 'application/json' } : {}),
          },
        },
        (res) => {
          let text = ''
          res.setEncoding('utf8')
          res.on('data', (chunk: string) => (text += chunk))
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }))
        },
      )
      req.on('error', reject)
      req.end(body)
    })
}

/**
 * The bare baseline of the Modbus poll: one modbus-serial client doing the station's five coalesced
 * reads of 512 input registers, at `hz` (0: as fast as the peer answers) for `seconds`.
 */
export async function bareModbusPolls(
  port: number,
  hz: number,
  seconds: number,
): Promise<{ polls: number; cpuS: number }> {
  const client = new modbusSerial.default()
  await client.connectTCP('127.0.0.1', { port })
  client.setID(1)
  client.setTimeout(1000)
  const started = performance.now()
  const cpu = process.cpuUsage()
  let polls = 0
  while (performance.now() - started < seconds * 1000) {
    const slot = started + (polls * 1000) / (hz || Infinity)
    const wait = hz > 0 ? slot - performance.now() : 0
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait))
    for (let start = 0; start < 512; start += 124) await client.readInputRegisters(start, Math.min(124, 512 - start))
    polls += 1
  }
  const used = process.cpuUsage(cpu)
  await new Promise<void>((resolve) => client.close(() => resolve()))
  return { polls, cpuS: (used.user + used.system) / 1e6 }
}

/** A batch of `count` samples with times after `fromMs`, as the ingest body. */
export function ingestBody(device: string, fromMs: number, count: number): string {
  const samples: string[] = []
  for (let i = 0; i < count; i += 1)
    samples.push(`{"t":${fromMs + i},"channel":"v${i % 8}","value":${(i % 1000) / 1000}}`)
  return `{"device":"${device}","samples":[${samples.join(',')}]}`
}
