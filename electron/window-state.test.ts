import { afterEach, describe, expect, it, vi } from 'vitest'
import { MIN_SIZE, restoreWindowState, trackWindowState, type Rectangle } from './window-state.js'

const laptop: Rectangle = { x: 0, y: 0, width: 1920, height: 1080 }
const rightMonitor: Rectangle = { x: 1920, y: 0, width: 2560, height: 1440 }

afterEach(() => vi.useRealTimers())

describe('restoreWindowState', () => {
  it('reopens where it was, on a secondary screen too', () => {
    const saved = { bounds: { x: 2100, y: 100, width: 1400, height: 900 }, maximized: true }
    expect(restoreWindowState(saved, [laptop, rightMonitor])).toEqual(saved)
  })

  it('centres on the primary screen when the saved screen is gone', () => {
    const saved = { bounds: { x: 2100, y: 100, width: 1400, height: 900 }, maximized: false }
    expect(restoreWindowState(saved, [laptop])).toEqual({
      bounds: { x: 260, y: 90, width: 1400, height: 900 },
      maximized: false,
    })
  })

  it('centres when only a sliver of the title bar would be visible', () => {
    expect(
      restoreWindowState({ bounds: { x: 1850, y: 10, width: 1000, height: 700 }, maximized: false }, [laptop]).bounds.x,
    ).toBe(460)
    expect(
      restoreWindowState({ bounds: { x: 100, y: -500, width: 1000, height: 700 }, maximized: false }, [laptop]).bounds
        .y,
    ).toBe(190)
  })

  it('keeps sizes between the minimum and the screen', () => {
    expect(
      restoreWindowState({ bounds: { x: 0, y: 0, width: 10, height: 10 }, maximized: false }, [laptop]).bounds,
    ).toMatchObject(MIN_SIZE)
    expect(
      restoreWindowState({ bounds: { x: 0, y: 0, width: 9000, height: 9000 }, maximized: false }, [laptop]).bounds,
    ).toMatchObject({ width: 1920, height: 1080 })
  })

  it.each([
    undefined,
    null,
    'garbage',
    {},
    { bounds: { x: 'a' } },
    { bounds: { x: 0, y: 0, width: -5, height: 1 }, maximized: false },
    { bounds: { x: 0.5, y: 0, width: 900, height: 600 }, maximized: false },
  ])('falls back to a centred default for a corrupt saved state %#', (saved) => {
    expect(restoreWindowState(saved, [laptop])).toEqual({
      bounds: { x: 320, y: 140, width: 1280, height: 800 },
      maximized: false,
    })
  })
})

describe('trackWindowState', () => {
  function fakeWindow() {
    const listeners = new Map<string, () => void>()
    let bounds: Rectangle = { x: 10, y: 20, width: 1000, height: 700 }
    let maximized = false
    return {
      window: {
        on: (event: string, listener: () => void) => listeners.set(event, listener),
        getNormalBounds: () => bounds,
        isMaximized: () => maximized,
      },
      emit: (event: string) => listeners.get(event)?.(),
      move: (next: Rectangle) => (bounds = next),
      maximize: () => (maximized = true),
    }
  }

  it('saves once after a burst of moves, and at once on close', () => {
    vi.useFakeTimers()
    const fake = fakeWindow()
    const saved: unknown[] = []
    trackWindowState(fake.window, (state) => saved.push(state), 500)
    for (let x = 0; x < 20; x += 1) {
      fake.move({ x, y: 0, width: 900, height: 600 })
      fake.emit('move')
    }
    expect(saved).toHaveLength(0)
    vi.advanceTimersByTime(500)
    expect(saved).toEqual([{ bounds: { x: 19, y: 0, width: 900, height: 600 }, maximized: false }])
    fake.maximize()
    fake.emit('maximize')
    fake.emit('close')
    expect(saved.at(-1)).toEqual({ bounds: { x: 19, y: 0, width: 900, height: 600 }, maximized: true })
    vi.advanceTimersByTime(1000)
    expect(saved).toHaveLength(2)
  })

  it('flushes a pending save on demand', () => {
    vi.useFakeTimers()
    const fake = fakeWindow()
    const saved: unknown[] = []
    const flush = trackWindowState(fake.window, (state) => saved.push(state), 500)
    fake.emit('resize')
    flush()
    expect(saved).toHaveLength(1)
    flush()
    expect(saved).toHaveLength(1)
  })
})
