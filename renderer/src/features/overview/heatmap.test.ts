import { describe, expect, it } from 'vitest'
import { telemetryFrame } from '../../testing/fixtures'
import { attentionCells, groupSize, heatmap, HEAT_LEVELS } from './heatmap'

describe('heatmap', () => {
  it('groups by string when the stack has strings, by modules of 36 otherwise', () => {
    expect(groupSize(256, 32)).toEqual({ size: 32, noun: 'String' })
    expect(groupSize(256, undefined)).toEqual({ size: 36, noun: 'Module' })
    const groups = heatmap(telemetryFrame(256), 'voltageV', undefined)
    expect(groups.map((g) => g.cells.length)).toEqual([36, 36, 36, 36, 36, 36, 36, 4])
    expect(groups[7]!.label).toBe('Module 8')
  })

  it("colours from the stack's lowest to highest value; reversal is the lowest step", () => {
    const frame = telemetryFrame(30)
    frame.cells[4]!.voltageV = -0.2
    frame.cells[4]!.alarms = ['voltage-reversal']
    const cells = heatmap(frame, 'voltageV', undefined).flatMap((g) => g.cells)
    expect(cells[4]).toMatchObject({ level: 0, alarm: true })
    expect(cells[29]!.level).toBe(HEAT_LEVELS - 1)
    expect(Math.max(...cells.map((c) => (c.level === 'absent' ? -1 : c.level)))).toBe(HEAT_LEVELS - 1)
  })

  it('draws a cell without a sample as a gap and keeps it out of the scale and the outlier test', () => {
    const frame = telemetryFrame(30)
    delete frame.cells[3]!.voltageV
    frame.cells[7]!.voltageV = 5
    const cells = heatmap(frame, 'voltageV', undefined).flatMap((g) => g.cells)
    expect(cells[3]).toMatchObject({ value: undefined, level: 'absent', outlier: false })
    expect(cells[7]).toMatchObject({ level: HEAT_LEVELS - 1, outlier: true })
    expect(cells[0]!.level).toBe(0)
  })

  it('puts cells in alarm first, then outliers beyond 2 standard deviations', () => {
    const frame = telemetryFrame(40)
    for (const cell of frame.cells) cell.voltageV = 0.5
    frame.cells[7]!.voltageV = 0.1
    frame.cells[20]!.alarms = ['substrate-depleted']
    expect(attentionCells(heatmap(frame, 'voltageV', undefined)).map((c) => c.cell)).toEqual([20, 7])
  })
})
