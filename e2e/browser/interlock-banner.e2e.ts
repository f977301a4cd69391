import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import type { ControlStatus } from '../../server/contract/control.js'
import { expectAxeClean } from '../support/axe.js'
import { openStationInOwnBrowser, unexpectedProblems } from '../support/open-station.js'
import { adminSession, stationApi } from '../support/station-api.js'
import { startStationProcess, type StationProcess } from '../support/station-process.js'

/**
 * The default scenario's weak cell (cell 3) is reversed for its first simulated hour at 600 ohm: a rule on
 * the simulated stack trips on it, applies the safe load (5000 ohm, where the cell recovers) and, being an
 * acknowledge-rule, waits for an operator once the condition cleared (30 simulated minutes after).
 */
const reversal = {
  id: 'sim-reversal',
  condition: {
    kind: 'limit',
    ...{ subject: 'cell', channel: 'voltageV', when: 'below', threshold: 0, deadband: 0.05 },
    ...{ onDelayS: 60, offDelayS: 1800 },
  },
  actions: ['hold-controller', 'safe-load', 'alarm'],
  resume: 'acknowledge',
  sources: ['simulation'],
  message: 'cell reversal on the simulated stack: controller held, safe load applied',
}

let station: StationProcess
test.beforeAll(async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'mfc-e2e-interlock-'))
  const config = join(dataDir, 'interlock.json')
  writeFileSync(config, JSON.stringify({ sim: { autoStart: false, speed: 300 }, control: { interlocks: [reversal] } }))
  station = await startStationProcess({ dataDir, env: { MFC_CONFIG: config } })
})
test.afterAll(() => station.stop())

const interlockOf = async (): Promise<ControlStatus['interlocks'][number] | undefined> =>
  ((await stationApi(station, 'GET', '/api/v1/stack')).body as ControlStatus).interlocks.find(
    (entry) => entry.id === reversal.id,
  )

test('the reversal interlock trips on a weak simulated cell, shows in the banner, is acknowledged and clears', async () => {
  const { browser, page, problems } = await openStationInOwnBrowser(station)
  try {
    const banner = page.getByTestId('status-banner')
    await expect(banner).toHaveAttribute('data-clear', 'true')

    expect((await stationApi(station, 'POST', '/api/v1/simulation/start')).status).toBe(200)
    // The token's start took the control lock: hand it back so the browser's session can acknowledge.
    await stationApi(station, 'POST', '/api/v1/control/release')
    const line = page.getByTestId('banner-interlock')
    await expect(line).toContainText(`Interlock ${reversal.id} tripped`, { timeout: 15_000 })
    await expect(line).toContainText(/cell 3 voltageV = -0\.\d+/)
    await expect(line).toContainText(reversal.message)
    await expectAxeClean(page, 'the banner with a tripped interlock')
    expect(await interlockOf()).toMatchObject({ state: 'tripped', trips: 1, acknowledgedBy: null })

    // The safe load lets the cell recover; the rule then waits for an operator.
    await expect(line).toContainText('cleared, waiting for acknowledgement', { timeout: 20_000 })
    await expectAxeClean(page, 'the banner with an interlock waiting for acknowledgement')
    await page.getByRole('button', { name: `Acknowledge ${reversal.id}` }).click()
    await expect(line).toHaveCount(0)
    expect(await interlockOf()).toMatchObject({ state: 'armed', acknowledgedBy: 'admin', trips: 1 })
    // The audit log is the admin's to read: the e2e token is an operator's.
    const admin = await adminSession(station)
    const audited = async (action: string) => (await admin('GET', `/api/v1/security/audit?action=${action}`)).body
    expect(await audited('interlock.tripped')).toEqual([expect.objectContaining({ target: reversal.id })])
    expect(await audited('interlock.released')).toEqual([
      expect.objectContaining({ actor: 'admin', target: reversal.id }),
    ])
    expect(unexpectedProblems(problems)).toEqual([])
  } finally {
    await browser.close()
  }
})
