import type { Page } from '@playwright/test'
import { expect } from './fixtures.js'
import { stationApi } from './station-api.js'
import type { StationProcess } from './station-process.js'

/** Clicks a control, then confirms in the dialog: every change asks first (docs/operator-ui.md "Control"). */
export async function confirmed(page: Page, click: () => Promise<void>): Promise<void> {
  await click()
  const dialog = page.getByTestId('confirm-dialog')
  await expect(dialog).toBeVisible()
  await dialog.getByRole('button').last().click()
  await expect(dialog).toBeHidden()
}

/** The simulation running, whatever the previous test left (stopped, paused or running). */
export async function ensureRunning(station: Pick<StationProcess, 'url' | 'certificatePem'>): Promise<void> {
  const status = (await stationApi(station, 'GET', '/api/v1/simulation')).body as { state: string }
  if (status.state !== 'running')
    await stationApi(
      station,
      'POST',
      status.state === 'paused' ? '/api/v1/simulation/resume' : '/api/v1/simulation/start',
    )
}
