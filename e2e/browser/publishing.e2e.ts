import { test, expect } from '@playwright/test'
import { startMosquitto, type Mosquitto } from '../../server/testing/mosquitto.js'
import { launchChromiumTrusting } from '../support/chromium.js'
import { openStation, unexpectedProblems } from '../support/open-station.js'
import { startStationProcess, type StationProcess } from '../support/station-process.js'

let broker: Mosquitto
let station: StationProcess
test.beforeAll(async () => {
  broker = await startMosquitto()
  station = await startStationProcess({ env: { MFC_MQTT_URL: broker.url, MFC_STATION_NAME: 'e2e-station' } })
})
test.afterAll(async () => {
  await station?.stop()
  await broker?.dispose()
})

test('the Publishing panel shows the broker connection, then the outage and the queue', async () => {
  const browser = await launchChromiumTrusting(station.certificatePem)
  const problems: string[] = []
  try {
    const page = await browser.newPage()
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text())
    })
    await openStation(page, station, '#/certificate')
    const panel = page.getByTestId('publishing-mqtt')
    await expect(panel).toContainText('connected')
    await expect(panel).toContainText('Sparkplug B')
    await expect(panel).toContainText('spBv1.0/mfc/…/e2e-station/stack1')
    await expect(panel).toContainText(broker.url)
    await page.screenshot({ path: test.info().outputPath('publishing.png'), fullPage: true })

    await broker.stop()
    // The panel refreshes every 5 s; the station notices the lost connection at once and queues.
    await expect(panel).toContainText('disconnected', { timeout: 15_000 })
    await expect(panel.locator('.badge--bad')).toBeVisible()
    await expect(panel).not.toContainText('Queued0 messages')
    expect(unexpectedProblems(problems)).toEqual([])
  } finally {
    await browser.close()
  }
})
