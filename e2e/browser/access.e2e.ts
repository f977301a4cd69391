import { expect, test } from '../support/fixtures.js'
import { openStation, signOut, unexpectedProblems } from '../support/open-station.js'
import { adminSession, stationApi } from '../support/station-api.js'

const viewer = { username: 'vera-viewer', password: 'viewer password 123' }

test('a viewer watches the stack but sees no controls', async ({ station, stationPage: page, consoleProblems }) => {
  const admin = await adminSession(station)
  const created = await admin('POST', '/api/v1/users', { ...viewer, role: 'viewer' })
  expect([201, 409]).toContain(created.status) // 409: created by an earlier run against this station

  await openStation(page, station, '#/overview', viewer)
  await expect(page.getByTestId('user')).toContainText('vera-viewer (viewer)')
  await expect(page.getByTestId('cell-tile')).toHaveCount(5)
  await expect(page.getByRole('link', { name: 'Control' })).toHaveCount(0)
  await page.getByRole('link', { name: 'Polarization' }).click()
  await expect(page.getByTestId('sweep-form')).toHaveCount(0)
  await page.goto(`${station.url}/#/control`)
  await expect(page.getByTestId('no-control')).toBeVisible()
  await expect(page.getByTestId('run-controls')).toHaveCount(0)
  await page.screenshot({ path: test.info().outputPath('viewer.png') })
  await signOut(page)
  expect(unexpectedProblems(consoleProblems)).toEqual([])
})

test("the certificate panel shows the station's TLS status", async ({
  station,
  stationPage: page,
  consoleProblems,
}) => {
  const status = (await stationApi(station, 'GET', '/api/v1/tls/status')).body as {
    source: string
    daysLeft: number
    certificate: { fingerprint256: string; issuer: string; subject: string; subjectAltNames: string[] }
  }
  await openStation(page, station, '#/certificate')
  const panel = page.getByTestId('certificate-panel')
  await expect(panel.getByTestId('cert-sha-256-fingerprint')).toHaveText(status.certificate.fingerprint256)
  await expect(panel.getByTestId('cert-source')).toHaveText(status.source)
  await expect(panel.getByTestId('cert-issuer')).toHaveText(status.certificate.issuer)
  await expect(panel.getByTestId('cert-subject')).toHaveText(status.certificate.subject)
  await expect(panel.getByTestId('cert-names')).toHaveText(status.certificate.subjectAltNames.join(', '))
  await expect(panel.getByTestId('cert-days-left')).toHaveText(String(status.daysLeft))
  await expect(page.getByTestId('certificate-badge')).toHaveText(`TLS ${status.daysLeft} d`)
  // The fingerprint the station printed at start is the one the panel shows.
  expect(status.certificate.fingerprint256).toBe(station.fingerprint)
  await page.screenshot({ path: test.info().outputPath('certificate.png') })
  await signOut(page)
  expect(unexpectedProblems(consoleProblems)).toEqual([])
})
