import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { packageRoot } from '../../package-info.js'
import {
  DEBIAN_PYTHON,
  freeLoopbackPort,
  requireBinary,
  startScriptedPeer,
  stopProcess,
  type ScriptedPeer,
} from './processes.js'

const peerScript = (name: string) => join(packageRoot(), 'server', 'instruments', 'testing', 'peers', name)

export type ModbusPeer = ScriptedPeer & {
  port: number
  /** Sets protocol addresses from `address` on: "hr" holding, "ir" input registers, "co" coils, "di" discrete inputs. */
  set(table: 'hr' | 'ir' | 'co' | 'di', address: number, values: readonly number[]): Promise<void>
}

/** Registers of a float32 in ABCD (big-endian word) order. */
export function float32Registers(value: number): number[] {
  const bytes = Buffer.alloc(4)
  bytes.writeFloatBE(value)
  return [bytes.readUInt16BE(0), bytes.readUInt16BE(2)]
}

/** Debian's pymodbus serving Modbus TCP on a loopback port, or Modbus RTU on a serial device. */
export async function startModbusPeer(
  target: { tcp: true; port?: number } | { rtu: string; baud: number },
): Promise<ModbusPeer> {
  const args =
    'tcp' in target ? ['tcp', '127.0.0.1', String(target.port ?? 0)] : ['rtu', target.rtu, String(target.baud)]
  const peer = await startScriptedPeer(DEBIAN_PYTHON, [peerScript('modbus_peer.py'), ...args], /^ready (\d+)$/)
  return {
    ...peer,
    port: Number(peer.ready[1]),
    set: (table, address, values) => peer.command(JSON.stringify({ table, address, values })),
  }
}

/** A pair of connected pseudo-terminals from socat: what one end writes, the other reads (a null-modem cable). */
export async function startPtyPair(): Promise<{ a: string; b: string; stop(): Promise<void> }> {
  requireBinary('socat', 'socat')
  const child = spawn('socat', ['-d', '-d', 'pty,raw,echo=0', 'pty,raw,echo=0'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  const paths = await new Promise<string[]>((resolve, reject) => {
    let output = ''
    const timer = setTimeout(() => reject(new Error(`socat printed no pty paths: ${output}`)), 5000)
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      // socat prints "N PTY is /dev/pts/X" for each end; the link= symlinks may not appear.
      const found = [...output.matchAll(/PTY is (\/dev\/pts\/\d+)/g)].map((match) => match[1]!)
      if (found.length === 2 && /starting data transfer loop/.test(output)) {
        clearTimeout(timer)
        resolve(found)
      }
    })
    child.once('exit', (code) => reject(new Error(`socat exited (${code}): ${output}`)))
  })
  return { a: paths[0]!, b: paths[1]!, stop: () => stopProcess(child) }
}

/** A python3-serial script playing an Arduino rig that prints `millis,volts,milliamps` lines. */
export function startArduinoRig(device: string, periodMs: number): Promise<ScriptedPeer> {
  return startScriptedPeer(DEBIAN_PYTHON, [peerScript('arduino_rig.py'), device, '115200', String(periodMs)], /^ready$/)
}

export type Broker = { port: number; url: string; stop(): Promise<void> }

/** Debian's mosquitto on a free loopback port with its own config (anonymous access, as a lab broker on localhost). */
export async function startMosquitto(options: { passwordFile?: string } = {}): Promise<Broker> {
  requireBinary('mosquitto', 'mosquitto')
  const dir = mkdtempSync(join(tmpdir(), 'mfc-mosquitto-'))
  const port = await freeLoopbackPort()
  const auth = options.passwordFile
    ? `allow_anonymous false\npassword_file ${options.passwordFile}`
    : 'allow_anonymous true'
  const config = `listener ${port} 127.0.0.1\n${auth}\npersistence false\nlog_dest stderr\n`
  writeFileSync(join(dir, 'mosquitto.conf'), config)
  const peer = await startScriptedPeer('mosquitto', ['-c', join(dir, 'mosquitto.conf')], / running$/).catch(
    (error: unknown) => {
      rmSync(dir, { recursive: true, force: true })
      throw error
    },
  )
  return {
    port,
    url: `mqtt://127.0.0.1:${port}`,
    async stop() {
      await peer.stop()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
