// Writes docs/openapi.json and the client types server/contract/openapi.ts from the built station
// (npm run api:generate builds first). server/openapi/published.test.ts fails while they are stale.
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { packageRoot } from '../dist/server/package-info.js'
import { PUBLISHED_FILES, publishedFiles } from '../dist/server/openapi/testing/published-files.js'

const files = await publishedFiles()
for (const [key, path] of Object.entries(PUBLISHED_FILES)) {
  await writeFile(join(packageRoot(), path), files[key])
  console.log(`wrote ${path}`)
}
