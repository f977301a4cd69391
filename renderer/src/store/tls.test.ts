import { describe, expect, it } from 'vitest'
import { certificateLevel } from './tls'

describe('certificate badge level', () => {
  it.each([
    [365, 'ok'],
    [31, 'ok'],
    [30, 'warn'],
    [8, 'warn'],
    [7, 'bad'],
    [-1, 'bad'],
  ] as const)('%i days left is %s', (days, level) => expect(certificateLevel(days)).toBe(level))
})
