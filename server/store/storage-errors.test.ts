import { describe, expect, it } from 'vitest'
import { storageRefusal } from './storage-errors.js'

describe('storageRefusal', () => {
  it.each([
    ['SQLITE_FULL', 'the disk is full (SQLITE_FULL)'],
    ['SQLITE_READONLY', 'the database is not accepting writes (SQLITE_READONLY)'],
    ['SQLITE_IOERR_WRITE', 'the disk reported an I/O error (SQLITE_IOERR_WRITE)'],
    ['SQLITE_BUSY', 'the database is locked by another process (SQLITE_BUSY)'],
  ])('answers %s with 503 and a reason', (code, reason) => {
    const refusal = storageRefusal(Object.assign(new Error('x'), { code }))
    expect(refusal?.status).toBe(503)
    expect(refusal?.message).toBe(`${reason}; see the station's health`)
  })

  it.each([['SQLITE_CONSTRAINT_UNIQUE'], ['ENOENT'], [undefined]])('leaves %s to the other handlers', (code) => {
    expect(storageRefusal(Object.assign(new Error('x'), { code }))).toBeUndefined()
    expect(storageRefusal(null)).toBeUndefined()
  })
})
