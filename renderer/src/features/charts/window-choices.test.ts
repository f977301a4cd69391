import { describe, expect, it } from 'vitest'
import { nearestChoice, windowChoicesFor } from './window-choices'

describe('window choices', () => {
  it('at 600x leaves out simulated windows that pass in a blink and offers wall windows in simulated terms', () => {
    const choices = windowChoicesFor(600)
    expect(choices.map((c) => c.label)).toEqual([
      '1 h sim (6 s wall)',
      '30 s wall (5 h sim)',
      '6 h sim (36 s wall)',
      '1 min wall (10 h sim)',
      '1 d sim (2.4 min wall)',
    ])
    expect(choices.find((c) => c.basis === 'sim' && c.seconds === 60)).toBeUndefined()
  })

  it('at real time offers every simulated window, each length once', () => {
    const choices = windowChoicesFor(1)
    expect(new Set(choices.map((c) => c.seconds)).size).toBe(choices.length)
    expect(choices[0]).toMatchObject({ seconds: 30, basis: 'wall' })
    expect(choices.map((c) => c.seconds)).toContain(86_400)
  })

  it('still offers the longest window when nothing else makes sense, and maps a stale choice to the nearest', () => {
    expect(windowChoicesFor(1e6).map((c) => c.seconds)).toEqual([86_400])
    expect(nearestChoice(windowChoicesFor(600), 60)?.seconds).toBe(3600)
  })
})
