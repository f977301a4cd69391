import { describe, expect, it } from 'vitest'
import type { Logger } from '../logger.js'
import { createOwnedResources } from './owned.js'

const log = (errors: string[]): Logger => ({ error: (m) => errors.push(m), warn() {}, info() {}, debug() {} })

describe('owned resources', () => {
  it('closes in reverse order, once, and goes on past a close that throws', async () => {
    const closed: string[] = []
    const errors: string[] = []
    const owned = createOwnedResources(log(errors))
    owned.add({ name: 'database', close: () => void closed.push('database') })
    owned.add({
      name: 'recorder',
      close: () => {
        throw new Error('disk gone')
      },
    })
    owned.add({ name: 'stream', close: async () => void closed.push('stream') })
    await Promise.all([owned.close(), owned.close()])
    expect(closed).toEqual(['stream', 'database'])
    expect(errors).toEqual(['stopping recorder failed'])
  })
})
