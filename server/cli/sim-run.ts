import { createSimulationEngine, type EngineFrame } from '../sim/engine.js'
import { help, loadPolicy, parse, readJson, type SimIo } from './sim-input.js'
import { UsageError } from './usage-error.js'

const csvHeader = (cells: number) =>
  [
    'timeS',
    'stackVoltageV',
    'stackCurrentA',
    'stackPowerW',
    'loadOhm',
    'feedLPerDay',
    ...Array.from({ length: cells }, (_, i) => [`v${i}`, `i${i}`, `p${i}`, `s${i}`]).flat(),
  ].join(',')
const csvRow = (f: EngineFrame) =>
  [
    f.simTimeS,
    f.stack.voltageV,
    f.stack.currentA,
    f.stack.powerW,
    f.stack.actuators.loadOhm,
    f.stack.actuators.feedLPerDay,
    ...f.cells.flatMap((c) => [c.voltageV, c.currentA, c.powerW, c.substrateMgL]),
  ].join(',')

/** `sim run`: a scenario to completion; final state per cell, metrics, an optional CSV time series. */
export async function runCommand(argv: string[], io: SimIo): Promise<number> {
  const values = parse(argv, {
    config: { type: 'string' },
    json: { type: 'boolean' },
    csv: { type: 'string' },
    controller: { type: 'string' },
    policy: { type: 'string' },
  })
  if (values.help) return help(io)
  if (typeof values.config !== 'string') throw new UsageError('sim run needs --config FILE')
  let document = (await readJson(io, values.config, 'config')) as Record<string, unknown>
  const kind = values.controller
  if (kind !== undefined && !['fixed', 'pid', 'mppt', 'qlearning'].includes(String(kind)))
    throw new UsageError(`--controller expects fixed, pid, mppt or qlearning, got "${String(kind)}"`)
  if (kind === 'qlearning' && typeof values.policy !== 'string')
    throw new UsageError('--controller qlearning needs --policy FILE')
  if (kind !== undefined)
    document = {
      ...document,
      controller: kind === 'qlearning' ? { kind, policy: await loadPolicy(io, values.policy as string) } : { kind },
    }
  else if (typeof values.policy === 'string')
    document = { ...document, controller: { kind: 'qlearning', policy: await loadPolicy(io, values.policy) } }
  const engine = createSimulationEngine(document, { now: () => 0 })
  const config = engine.config()
  const rows = values.csv === undefined ? undefined : [csvHeader(config.stack.cells)]
  let frame = engine.snapshot()
  while (engine.status().state !== 'finished') {
    frame = engine.advanceSim(config.outputIntervalS)
    rows?.push(csvRow(frame))
  }
  if (rows && typeof values.csv === 'string') await io.writeFile(values.csv, `${rows.join('\n')}\n`)
  const result = {
    name: config.name,
    seed: config.seed,
    simTimeS: frame.simTimeS,
    controller: frame.controller,
    stack: frame.stack,
    cells: frame.cells,
    metrics: engine.metrics(),
    alarmEvents: engine.alarmEvents(),
  }
  if (values.json) io.stdout(JSON.stringify(result))
  else {
    io.stdout(
      `${config.name}: ${config.stack.cells} cell(s), ${(frame.simTimeS / 86_400).toFixed(2)} d simulated, controller ${frame.controller}`,
    )
    frame.cells.forEach((c, i) =>
      io.stdout(
        `cell ${i}: ${c.voltageV.toFixed(4)} V  ${(c.currentA * 1e3).toFixed(4)} mA  ${(c.powerW * 1e3).toFixed(4)} mW  S ${c.substrateMgL.toFixed(2)} mg/L  x_a ${c.anodophilicMgL.toFixed(1)} mg/L${c.alarms.length > 0 ? `  ALARM ${c.alarms.join(', ')}` : ''}`,
      ),
    )
    io.stdout(
      `stack: ${frame.stack.voltageV.toFixed(4)} V  ${(frame.stack.currentA * 1e3).toFixed(4)} mA  ${(frame.stack.powerW * 1e3).toFixed(4)} mW`,
    )
    for (const [key, value] of Object.entries(result.metrics))
      io.stdout(`${key}: ${value === null ? 'n/a' : Number(value.toPrecision(6))}`)
  }
  return 0
}
