import { z } from 'zod'

export type Rectangle = { x: number; y: number; width: number; height: number }

/** Size, position and maximized flag of the main window, as remembered between launches. */
export type WindowState = { bounds: Rectangle; maximized: boolean }

const savedStateSchema = z.object({
  bounds: z.object({
    x: z.number().int(),
    y: z.number().int(),
    width: z.number().int().positive(),
    height: z.number().int().positive(),
  }),
  maximized: z.boolean(),
})

export const MIN_SIZE = { width: 800, height: 560 }
const DEFAULT_SIZE = { width: 1280, height: 800 }
/** How much of the title bar must be on a screen for the saved position to be usable. */
const VISIBLE_MIN = { width: 120, height: 40 }

function overlap(a: Rectangle, b: Rectangle): { width: number; height: number } {
  return {
    width: Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x),
    height: Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y),
  }
}

function centered(size: { width: number; height: number }, area: Rectangle): Rectangle {
  const width = Math.min(size.width, area.width)
  const height = Math.min(size.height, area.height)
  return {
    x: area.x + Math.round((area.width - width) / 2),
    y: area.y + Math.round((area.height - height) / 2),
    width,
    height,
  }
}

/**
 * The state to open the window with. A saved state is used when it parses and its top edge is still
 * on one of today's screens (a monitor may have been unplugged); otherwise the window is centred on
 * the primary screen. Sizes never go below the minimum or beyond the screen.
 */
export function restoreWindowState(saved: unknown, workAreas: readonly Rectangle[]): WindowState {
  const primary = workAreas[0] ?? { x: 0, y: 0, ...DEFAULT_SIZE }
  const parsed = savedStateSchema.safeParse(saved)
  if (!parsed.success) return { bounds: centered(DEFAULT_SIZE, primary), maximized: false }
  const { bounds, maximized } = parsed.data
  const size = { width: Math.max(bounds.width, MIN_SIZE.width), height: Math.max(bounds.height, MIN_SIZE.height) }
  const titleBar = { x: bounds.x, y: bounds.y, width: size.width, height: VISIBLE_MIN.height }
  const screen = workAreas.find((area) => {
    const visible = overlap(titleBar, area)
    return visible.width >= VISIBLE_MIN.width && visible.height >= VISIBLE_MIN.height
  })
  if (!screen) return { bounds: centered(size, primary), maximized }
  return {
    bounds: {
      x: bounds.x,
      y: bounds.y,
      width: Math.min(size.width, screen.width),
      height: Math.min(size.height, screen.height),
    },
    maximized,
  }
}

export type TrackedWindow = {
  on(event: 'resize' | 'move' | 'maximize' | 'unmaximize' | 'close', listener: () => void): unknown
  getNormalBounds(): Rectangle
  isMaximized(): boolean
}

/**
 * Saves the window's state when it changes (debounced: a drag fires many moves) and at once on close.
 * Returns a function that flushes any pending save.
 */
export function trackWindowState(
  window: TrackedWindow,
  save: (state: WindowState) => void,
  debounceMs = 500,
): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined
  const saveNow = () => {
    if (timer) clearTimeout(timer)
    timer = undefined
    save({ bounds: window.getNormalBounds(), maximized: window.isMaximized() })
  }
  const saveSoon = () => {
    if (timer) clearTimeout(timer)
    timer = setTimeout(saveNow, debounceMs)
  }
  for (const event of ['resize', 'move', 'maximize', 'unmaximize'] as const) window.on(event, saveSoon)
  window.on('close', saveNow)
  return () => {
    if (timer) saveNow()
  }
}
