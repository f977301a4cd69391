import { create } from 'zustand'

/**
 * The one time range every chart of a page draws (docs/operator-ui.md "Charts"): the page advances it
 * on one clock, each chart redraws that same range, so four charts never show four different minutes.
 */
export type ChartClockState = {
  windowS: number
  /** Where the range ends; undefined until there is data. */
  endS: number | undefined
  /** The telemetry revision the range was taken at: new history in an unchanged range redraws too. */
  revision: number
  /** Where a paused page froze; undefined while live. */
  pausedAtS: number | undefined
  setWindow(windowS: number): void
  /** Moves a live range to `newestS`; a paused range stays. */
  tick(newestS: number | undefined, revision: number): void
  togglePause(newestS: number | undefined): void
}

export const useChartClock = create<ChartClockState>((set, get) => ({
  windowS: 86_400,
  endS: undefined,
  revision: 0,
  pausedAtS: undefined,
  setWindow: (windowS) => set({ windowS }),
  tick(newestS, revision) {
    const { pausedAtS, endS } = get()
    if (pausedAtS !== undefined) return
    if (newestS !== endS || revision !== get().revision) set({ endS: newestS, revision })
  },
  togglePause(newestS) {
    const paused = get().pausedAtS === undefined ? newestS : undefined
    set({ pausedAtS: paused, endS: paused ?? newestS })
  },
}))

/** The range [start, end] in simulated seconds, or undefined without data. */
export function chartRange(state: Pick<ChartClockState, 'windowS' | 'endS'>): [number, number] | undefined {
  return state.endS === undefined ? undefined : [Math.max(0, state.endS - state.windowS), state.endS]
}
