/** How cells are wired: which cells form each series string; whether strings share one load. */
export type Wiring = {
  strings: readonly (readonly number[])[]
  /** true: all strings in parallel on the stack load; false: each string (one cell) on its own load. */
  sharedLoad: boolean
}

export type WiringKind = 'series' | 'parallel' | 'series-parallel' | 'independent'

/** Cell indices per string for `cells` cells; series-parallel groups `cellsPerString` consecutive cells. */
export function buildWiring(kind: WiringKind, cells: number, cellsPerString = cells): Wiring {
  const indices = Array.from({ length: cells }, (_, i) => i)
  switch (kind) {
    case 'series':
      return { strings: [indices], sharedLoad: true }
    case 'parallel':
      return { strings: indices.map((i) => [i]), sharedLoad: true }
    case 'independent':
      return { strings: indices.map((i) => [i]), sharedLoad: false }
    case 'series-parallel': {
      const strings: number[][] = []
      for (let start = 0; start < cells; start += cellsPerString)
        strings.push(indices.slice(start, start + cellsPerString))
      return { strings, sharedLoad: true }
    }
  }
}
