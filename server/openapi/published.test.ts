import { describe, expect, it } from 'vitest'
import { committedFiles, PUBLISHED_FILES, publishedFiles } from './testing/published-files.js'

describe('published API description', () => {
  it('docs/openapi.json, the client types and the stream schemas match the descriptions and contract', async () => {
    const [expected, committed] = await Promise.all([publishedFiles(), committedFiles()])
    for (const name of Object.keys(PUBLISHED_FILES) as Array<keyof typeof PUBLISHED_FILES>)
      expect(committed[name], `${PUBLISHED_FILES[name]} is stale: run npm run api:generate`).toBe(expected[name])
  })

  it('describes the stream messages a client sends and receives, ping and pong included', async () => {
    const stream = JSON.parse((await publishedFiles()).stream) as {
      $defs: Record<string, { oneOf?: Array<{ properties: { type: { const: string } } }> }>
    }
    const types = (name: string) => stream.$defs[name]?.oneOf?.map((option) => option.properties.type.const)
    expect(types('ClientMessage')).toEqual(['subscribe', 'resume', 'ping'])
    expect(types('ServerMessage')).toEqual(
      expect.arrayContaining(['hello', 'telemetry', 'event', 'samples', 'subscribed', 'resumed', 'error', 'pong']),
    )
  })
})
