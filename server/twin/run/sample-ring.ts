import type { TwinFrame } from './twin-frame.js'
import type { TwinSeries } from '../../contract/twin.js'
import type { TwinOutputs } from './twin-stack.js'

/*
 * The twin's recent history for the UI's side-by-side plot: measured and modelled voltage and power of
 * the stack and of every cell, at most one sample per MIN_SPACING_S of process time, the newest
 * `capacity` kept. The capacity shrinks with the cell count so a pilot stack stays within a few MB.
 */

const MIN_SPACING_S = 1
const MAX_SAMPLES = 10_000
const MAX_VALUES = 2_000_000

/** Values per sample: time, stack measured/model V and W, then measured/model V and W of each cell. */
const STACK_VALUES = 5

export function createSampleRing(cells: number) {
  const width = STACK_VALUES + 4 * cells
  const capacity = Math.max(100, Math.min(MAX_SAMPLES, Math.floor(MAX_VALUES / width)))
  const values = new Float64Array(capacity * width)
  let next = 0
  let count = 0
  let lastS = -Infinity
  const at = (sample: number) => ((next - count + sample + capacity) % capacity) * width
  return {
    push(frame: TwinFrame, outputs: TwinOutputs): void {
      if (frame.simTimeS - lastS < MIN_SPACING_S || frame.cells.length !== cells) return
      lastS = frame.simTimeS
      const base = next * width
      values.set(
        [frame.simTimeS, frame.stack.voltageV, outputs.stackVoltageV, frame.stack.powerW, outputs.stackPowerW],
        base,
      )
      frame.cells.forEach((cell, i) => {
        const offset = base + STACK_VALUES + 4 * i
        values.set(
          [cell.voltageV, outputs.cellVoltageV[i] as number, cell.powerW, outputs.cellPowerW[i] as number],
          offset,
        )
      })
      next = (next + 1) % capacity
      count = Math.min(count + 1, capacity)
    },
    /** At most `points` samples, evenly strided, oldest first: the stack's, or cell `cell`'s. */
    series(cell: number | undefined, points: number): TwinSeries {
      const stride = Math.max(1, Math.ceil(count / points))
      // The stack's values sit at 1..4 of a sample, each cell's at the same relative places further on.
      const offset = cell === undefined ? 1 : STACK_VALUES + 4 * cell
      const series: TwinSeries = { cell: cell ?? null, timeS: [], measuredV: [], modelV: [], measuredW: [], modelW: [] }
      for (let sample = (count - 1) % stride; sample < count; sample += stride) {
        const base = at(sample)
        series.timeS.push(values[base] as number)
        series.measuredV.push(values[base + offset] as number)
        series.modelV.push(values[base + offset + 1] as number)
        series.measuredW.push(values[base + offset + 2] as number)
        series.modelW.push(values[base + offset + 3] as number)
      }
      return series
    },
  }
}

export type SampleRing = ReturnType<typeof createSampleRing>
