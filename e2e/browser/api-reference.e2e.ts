import { expect, test } from '../support/fixtures.js'

// The API reference page (docs/api.md "OpenAPI") in Chromium: Swagger UI served by the station itself,
// under the same strict CSP as the UI, nothing fetched from anywhere else.
test('the API reference page renders every group of the document with no CSP violation', async ({
  station,
  stationPage: page,
  consoleProblems,
}) => {
  const requested: string[] = []
  page.on('request', (request) => requested.push(request.url()))
  const answer = await page.goto(`${station.url}/api/v1/docs`)
  expect(answer?.headers()['content-security-policy']).toContain("script-src 'self'")
  await expect(page.locator('.information-container .title')).toContainText('MFC Station API')
  type Document = { tags: Array<{ name: string }>; paths: Record<string, Record<string, { tags: string[] }>> }
  const document = await page.evaluate(async () => (await fetch('/api/v1/openapi.json')).json() as Promise<Document>)
  const operations = Object.values(document.paths).flatMap((item) => Object.values(item))
  // Groups start collapsed (docs/api.md): every group is there, and each opens with all its operations.
  const sections = page.locator('.opblock-tag-section')
  await expect(sections).toHaveCount(document.tags.length)
  for (const tag of document.tags) {
    const section = sections.filter({ has: page.locator(`.opblock-tag[data-tag="${tag.name}"]`) })
    await section.locator('.opblock-tag').click()
    const count = operations.filter((operation) => operation.tags[0] === tag.name).length
    await expect(section.locator('.opblock'), tag.name).toHaveCount(count)
    await section.locator('.opblock-tag').click()
  }

  const tokens = sections.filter({ has: page.locator('.opblock-tag[data-tag="API tokens"]') })
  await tokens.locator('.opblock-tag').click()
  await page.locator('.opblock-summary', { hasText: '/api/v1/tokens' }).first().click()
  await expect(page.locator('.opblock.is-open')).toContainText('tokens:manage')
  await page.screenshot({ path: test.info().outputPath('api-reference.png'), fullPage: false })
  expect(requested.filter((url) => !url.startsWith(station.url))).toEqual([])
  expect(consoleProblems).toEqual([])
})
