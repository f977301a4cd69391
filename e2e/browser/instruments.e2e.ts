import { mkdtempSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { openStationInOwnBrowser, unexpectedProblems } from '../support/open-station.js'
import { stationApi } from '../support/station-api.js'
import { startStationProcess } from '../support/station-process.js'

/** A loopback port nothing listens on: a Modbus logger that is switched off. */
function deadPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}

test('a hardware station: source on every page, measured overview, the Instruments page with read now', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'mfc-e2e-hw-'))
  const config = join(dataDir, 'hardware.json')
  writeFileSync(
    config,
    JSON.stringify({
      source: 'hardware',
      instruments: {
        frameMs: 200,
        devices: [
          { id: 'rig', uri: 'http-ingest:' },
          { id: 'logger', uri: `modbus-tcp://127.0.0.1:${await deadPort()}?unit=1`, timeoutMs: 200 },
        ],
        cells: [
          { cell: 1, voltage: { device: 'rig', address: 'v1' }, rExtOhm: 470 },
          { cell: 2, voltage: { device: 'logger', address: 'input:0:float32' } },
        ],
      },
    }),
  )
  const station = await startStationProcess({ dataDir, env: { MFC_CONFIG: config } })
  const push = setInterval(() => {
    void stationApi(station, 'POST', '/api/v1/ingest', {
      device: 'rig',
      samples: [{ t: Date.now(), channel: 'v1', value: 0.512 }],
    })
  }, 200)
  const { browser, page, problems } = await openStationInOwnBrowser(station)
  try {
    await expect(page.getByTestId('source')).toHaveAttribute('data-source', 'hardware')
    const tiles = page.getByTestId('cell-tile')
    await expect(tiles).toHaveCount(2)
    await expect(tiles.first()).toContainText('0.512 V')
    // Cell 2's logger is off and nothing models substrate: absent values show as a dash, never 0.
    await expect(tiles.nth(1)).toContainText('–')
    await expect(tiles.first()).not.toContainText('mg/L')
    await expect(page.getByRole('link', { name: 'Control' })).toHaveCount(0)
    await page.screenshot({ path: test.info().outputPath('hardware-overview.png') })

    await page.getByRole('link', { name: 'Instruments' }).click()
    await expect(page.getByTestId('instruments-page')).toBeVisible()
    await expect(page.getByTestId('source')).toHaveAttribute('data-source', 'hardware')
    await expect(page.getByTestId('device-rig')).toHaveAttribute('data-state', 'online')
    await expect(page.getByTestId('device-logger')).toHaveAttribute('data-state', 'offline')
    await expect(page.getByTestId('device-logger')).toContainText('ECONNREFUSED')
    await expect(page.getByTestId('channel')).toHaveCount(2)
    await expect(page.getByTestId('instrument-channels')).toContainText('cell 1 voltageV')
    await page.getByTestId('device-rig').getByRole('button', { name: 'Read now' }).click()
    await expect(page.getByTestId('read-rig')).toContainText('v1 = 0.512')
    await page.screenshot({ path: test.info().outputPath('instruments.png') })
    expect(unexpectedProblems(problems, [/status of 404/])).toEqual([])
  } finally {
    clearInterval(push)
    await browser.close()
    await station.stop()
  }
})
