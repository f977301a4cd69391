import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { coulombicResultSchema } from '../../server/contract/analyses.js'
import { startStationProcess } from '../../server/testing/station-process.js'
import { cli, expectOneLine } from '../cli/ops-helpers.js'

/*
 * `mfc-station analyze coulombic --run` (docs/twin.md "CLI") as an operator runs it: a real CLI process
 * on the data dir of a station that recorded a simulated run and stopped; COD taken from the run's feed.
 */

const dataDir = mkdtempSync(join(tmpdir(), 'mfc-coulombic-cli-'))
const dir = ['--data-dir', dataDir]
let runId = ''
beforeAll(async () => {
  const station = await startStationProcess({ dataDir, env: { MFC_ADMIN_PASSWORD: 'first admin password' } })
  await new Promise((resolve) => setTimeout(resolve, 2500))
  await station.stop()
  const page = JSON.parse((await cli(['runs', 'list', '--json', ...dir])).stdout) as { runs: Array<{ runId: string }> }
  runId = page.runs[0]!.runId
})
afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

describe('analyze coulombic on a recorded run', () => {
  it('gives the run’s coulombic efficiency from its feed, the stack and one cell, as JSON and as a table', async () => {
    const stack = await cli(['analyze', 'coulombic', '--run', runId, '--mode', 'continuous', '--json', ...dir])
    expect(stack.code, stack.stderr).toBe(0)
    const all = coulombicResultSchema.parse(JSON.parse(stack.stdout))
    expect(all.codSource).toBe('feed')
    expect(all.total.coulombicEfficiencyPct).toBeGreaterThan(0)
    expect(all.total.coulombicEfficiencyPct).toBeLessThan(100)
    const args = ['analyze', 'coulombic', '--run', runId, '--mode', 'continuous', '--cell', '1', '--json', ...dir]
    const one = coulombicResultSchema.parse(JSON.parse((await cli(args)).stdout))
    expect(one.total.chargeC).toBeGreaterThan(0)
    expect(one.total.chargeC).toBeLessThan(all.total.chargeC)
    const table = await cli(['analyze', 'coulombic', '--run', runId, '--mode', 'continuous', ...dir])
    expect(table.stdout.split('\n')[0]).toBe('continuous period, COD feed')
    expect(table.stdout).toMatch(/^\| total \| \d+\.\d\d \| /m)
  })

  it('refuses bad input in one line: a cell the run lacks (2), a run that does not exist (1)', async () => {
    const base = ['analyze', 'coulombic', '--mode', 'continuous', ...dir]
    expectOneLine(await cli([...base, '--run', runId, '--cell', '999']), 2, /run\.cell: the run has \d+ cells/)
    expectOneLine(await cli([...base, '--run', runId, '--cell', '0']), 2, /--cell expects a cell number from 1/)
    expectOneLine(await cli([...base, '--run', 'no-such-run']), 1, /no recorded run no-such-run/)
  })
})
