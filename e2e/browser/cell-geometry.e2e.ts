import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { expectAxeClean } from '../support/axe.js'
import { confirmed } from '../support/control-steps.js'
import { openStationInOwnBrowser, unexpectedProblems } from '../support/open-station.js'
import { stationApi } from '../support/station-api.js'
import { startStationProcess } from '../support/station-process.js'

/*
 * Editing a hardware run's cell geometry on the Lab metrics panel (docs/lab-metrics.md "Editing cell
 * geometry"): two cells pushed over HTTP at 0.5 V across 500 ohm, 10 cm² configured; after the edit to
 * 20 cm² for all cells the area density halves.
 */
test('a hardware run: the cell geometry editor shows the values, confirms old -> new, and the densities follow', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'mfc-e2e-geometry-'))
  const config = join(dataDir, 'hardware.json')
  const cell = (n: number) => ({
    cell: n,
    voltage: { device: 'rig', address: `v${n}` },
    rExtOhm: 500,
    anodeAreaCm2: 10,
  })
  writeFileSync(
    config,
    JSON.stringify({
      source: 'hardware',
      instruments: { frameMs: 200, devices: [{ id: 'rig', uri: 'http-ingest:' }], cells: [cell(1), cell(2)] },
    }),
  )
  const station = await startStationProcess({ dataDir, env: { MFC_CONFIG: config } })
  const push = setInterval(() => {
    const samples = [1, 2].map((n) => ({ t: Date.now(), channel: `v${n}`, value: 0.5 }))
    void stationApi(station, 'POST', '/api/v1/ingest', { device: 'rig', samples })
  }, 200)
  const { browser, page, problems } = await openStationInOwnBrowser(station)
  try {
    const panel = page.getByTestId('lab-metrics')
    const density = panel.getByTestId('lab-metric-powerDensityAreaWPerM2').getByTestId('lab-metric-cell')
    const power = panel.getByTestId('lab-metric-meanPowerW').getByTestId('lab-metric-cell')
    await expect(density).toHaveText(/^\d/, { timeout: 15_000 })

    const editor = panel.getByTestId('cell-geometry-editor')
    await editor.getByText('Edit cell geometry').click()
    await expect(editor.getByTestId('cell-geometry-row')).toHaveCount(2)
    await expect(editor.getByTestId('cell-geometry-row').first()).toContainText('10 cm² (from the configuration)')
    await expectAxeClean(page, 'the Lab metrics panel with the cell geometry editor')
    await editor.getByLabel('Anode area (cm²)').fill('20')
    await confirmed(page, async () => {
      await editor.getByRole('button', { name: 'Save…' }).click()
      const dialog = page.getByTestId('confirm-dialog')
      await expect(dialog).toContainText('Cell 1: anode area 10 → 20 cm²')
      await expect(dialog).toContainText('Cell 2: anode area 10 → 20 cm²')
      await expect(dialog.getByRole('button').last()).toHaveText('Save geometry')
    })
    await expect(editor.getByTestId('cell-geometry-row').nth(1)).toContainText('20 cm² (edited)')
    // The panel reads its figures again: density = mean power / 20 cm² (to the 4 digits shown).
    await expect
      .poll(async () => Number(await density.textContent()) / (Number(await power.textContent()) / 20e-4), {
        timeout: 10_000,
      })
      .toBeCloseTo(1, 2)
    expect(unexpectedProblems(problems, [/status of 404/])).toEqual([])
  } finally {
    clearInterval(push)
    await browser.close()
    await station.stop()
  }
})
