import { describe, expect, it } from 'vitest'
import { AppError } from '../errors.js'
import { createExportSlots } from './export-slots.js'

describe('export slots', () => {
  it('lets a caller run its share at once, the station its total, and frees a slot once', () => {
    const slots = createExportSlots({ perCaller: 2, total: 3 })
    const first = slots.take('viewer')
    slots.take('viewer')
    expect(() => slots.take('viewer')).toThrow(AppError)
    expect(() => slots.take('viewer')).toThrow(/2 of your exports are still running/)
    slots.take('operator')
    expect(() => slots.take('admin')).toThrow(/busy with other exports/)
    first()
    first()
    slots.take('admin')
    expect(() => slots.take('viewer')).toThrow(/busy/)
  })
})
