import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { packageRoot } from '../../package-info.js'
import { DEBIAN_PYTHON, requireBinary, stopProcess } from '../../instruments/testing/processes.js'

export type HilCell = { e: number; rint: number }

/** The peer's own watchdog (peers/hil_stack.py): `register` unchanged for timeoutS writes each [address, value]. */
export type HilWatchdog = { register: number; timeoutS: number; safe: Array<[number, number]> }

/** The hardware-in-the-loop stack (peers/hil_stack.py): a pymodbus server whose cells answer the R_ext written. */
export type HilStack = {
  port: number
  pid: number
  /** Holding registers as the station left them (what it wrote), read from the peer itself. */
  holding(address: number, count?: number): Promise<number[]>
  setEmf(cell: number, e: number): Promise<void>
  stop(): Promise<void>
}

/** The MPP of a Thevenin cell: R = R_int, P = E^2 / (4 R_int). */
export const maximumPowerW = (cell: HilCell) => (cell.e * cell.e) / (4 * cell.rint)

export async function startHilStack(cells: readonly HilCell[], watchdog?: HilWatchdog): Promise<HilStack> {
  requireBinary(DEBIAN_PYTHON, 'python3')
  const script = join(packageRoot(), 'server', 'instruments', 'testing', 'peers', 'hil_stack.py')
  const args = [script, '127.0.0.1', '0', JSON.stringify(cells), ...(watchdog ? [JSON.stringify(watchdog)] : [])]
  const child = spawn(DEBIAN_PYTHON, args, {
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  let stderr = ''
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const answers: Array<(line: string) => void> = []
  const lines = createInterface({ input: child.stdout })
  const bound = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`hil_stack.py not ready within 10 s: ${stderr}`)), 10_000)
    child.once('exit', (code) => reject(new Error(`hil_stack.py exited (${code}): ${stderr}`)))
    lines.on('line', (line) => {
      const ready = /^ready (\d+)$/.exec(line)
      if (ready) {
        clearTimeout(timer)
        resolve(Number(ready[1]))
      } else answers.shift()?.(line)
    })
  })
  const ask = (command: object) =>
    new Promise<string>((resolve) => {
      answers.push(resolve)
      child.stdin.write(`${JSON.stringify(command)}\n`)
    })
  return {
    port: bound,
    pid: child.pid!,
    holding: async (address, count = 1) => JSON.parse(await ask({ get: 'hr', address, count })) as number[],
    setEmf: async (cell, e) => void (await ask({ cell, e })),
    stop: () => stopProcess(child),
  }
}
