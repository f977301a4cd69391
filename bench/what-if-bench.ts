import { parseArgs } from 'node:util'
import { procedureDefinitionSchema } from '../server/contract/procedures.js'
import type { WhatIfOutcome } from '../server/contract/twin.js'
import type { RunConfigInput } from '../server/sim/run-config.js'
import { runWhatIf, type WhatIfPlan } from '../server/twin/run/what-if.js'

/*
 * What a saved procedure costs on the twin (docs/benchmarks.md "What if"): the example, a horizon of
 * days from the current state, once with MPPT alone (the baseline, measured in the same run) and once
 * with a saved procedure that sets loads, switches to MPPT, sweeps and repeats daily, run by the station's
 * procedure runner on the twin. CPU time (user + system) of this process, median of the repeats.
 * Reproduce: npx tsc -b && node dist/bench/what-if-bench.js [--days 3] [--cells 5] [--repeats 3]
 */
const { values } = parseArgs({
  options: {
    days: { type: 'string', default: '3' },
    cells: { type: 'string', default: '5' },
    repeats: { type: 'string', default: '3' },
  },
})
const HORIZON_S = Number(values.days) * 86_400
const CELLS = Number(values.cells)
const REPEATS = Number(values.repeats)
const cpuMs = () => {
  const usage = process.cpuUsage()
  return (usage.user + usage.system) / 1000
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number

const config: RunConfigInput = {
  name: 'what-if bench',
  durationS: HORIZON_S,
  stack: { cells: CELLS, wiring: 'series' },
  feed: { influentMgL: 600 },
  load: { rExtOhm: 500 },
  controller: { kind: 'fixed' },
  metrics: { warmupS: 0, optimumPeriodS: 0 },
}
const procedure = {
  ...procedureDefinitionSchema.parse({
    name: 'daily loads, MPPT and a sweep',
    steps: [
      { kind: 'setLoad', ohm: 300 },
      { kind: 'wait', durationS: 6 * 3600 },
      { kind: 'switchController', controller: { kind: 'mppt' } },
      { kind: 'wait', durationS: 6 * 3600 },
      { kind: 'polarizationSweep', resistorsOhm: [2000, 1000, 500, 250, 125, 60, 30, 15], dwellS: 600, sampleS: 30 },
      { kind: 'repeat', dailyAt: '06:00' },
    ],
  }),
  ...{ id: 'bench', updatedAtMs: 0, updatedBy: 'bench' },
}
const plans: Record<string, WhatIfPlan> = {
  'MPPT (baseline)': { label: 'mppt', controller: { kind: 'mppt' }, procedure: [] },
  'saved procedure': {
    ...{ label: procedure.name, controller: { kind: 'fixed' }, procedure: [] },
    saved: { procedure, snapLoad: (ohm) => ohm, wallStartMs: new Date(2026, 0, 1, 12).getTime() },
  },
}

async function measure(plan: WhatIfPlan): Promise<{ ms: number; outcome: WhatIfOutcome }> {
  const times: number[] = []
  let outcome: WhatIfOutcome | undefined
  for (let repeat = 0; repeat < REPEATS; repeat++) {
    const started = cpuMs()
    outcome = await runWhatIf(config, plan, 200, () => performance.now())
    times.push(cpuMs() - started)
  }
  return { ms: median(times), outcome: outcome! }
}

const rows: string[] = []
let baselineMs = 0
for (const [name, plan] of Object.entries(plans)) {
  const { ms, outcome } = await measure(plan)
  baselineMs ||= ms
  const events = outcome.procedure?.events.length ?? 0
  const sweeps = outcome.procedure?.sweeps.length ?? 0
  rows.push(
    `| ${name} | ${CELLS} | ${values.days} | ${ms.toFixed(0)} | ${(ms / baselineMs).toFixed(2)} | ${events} | ${sweeps} | ${(outcome.energyJ / 3600).toFixed(3)} |`,
  )
}
process.stdout.write(
  [
    '| plan | cells | days | CPU ms (median) | ratio to MPPT | step events | sweeps | energy, Wh |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
    '',
    `command: node dist/bench/what-if-bench.js --days ${values.days} --cells ${CELLS} --repeats ${REPEATS} (node ${process.version})`,
    '',
  ].join('\n'),
)
