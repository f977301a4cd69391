import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { packageRoot } from '../package-info.js'
import { parseDefinition } from './definitions.js'

const folder = join(packageRoot(), 'resources', 'procedures')

describe('the example procedures in resources/procedures', () => {
  it.each(readdirSync(folder).filter((name) => name.endsWith('.json')))('%s is a valid definition', (name) => {
    const definition = parseDefinition(JSON.parse(readFileSync(join(folder, name), 'utf8')))
    expect(definition.steps.length).toBeGreaterThan(0)
  })
})
