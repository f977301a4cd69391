import {
  drawCellParameters,
  literatureFeedLPerDay,
  literatureInitialState,
  nominalCellParameters,
} from '../parameters.js'
import { createRandom } from '../random.js'
import { createStack } from '../stack.js'
import { createStackInputs, type FeedingKind, type ModelKind } from '../stack-types.js'
import { buildWiring, type WiringKind } from '../wiring.js'

export type TestStackOptions = {
  cells?: number
  wiring?: WiringKind
  cellsPerString?: number
  feeding?: FeedingKind
  model?: ModelKind
  /** The shared load and every cell's own load, ohm (default 50). */
  loadOhm?: number
  influentMgL?: number
  /** Parameter spread drawn from a seed; without it every cell has the literature parameters. */
  spread?: { fraction: number; seed: number }
}

/** A stack of literature cells in their initial state, fed at the literature flow, with its inputs. */
export function testStack(options: TestStackOptions = {}) {
  const cells = options.cells ?? 1
  const random = createRandom(options.spread?.seed ?? 0)
  const stack = createStack({
    parameters: Array.from({ length: cells }, () =>
      options.spread
        ? drawCellParameters(nominalCellParameters, options.spread.fraction, random)
        : nominalCellParameters,
    ),
    initial: Array.from({ length: cells }, () => literatureInitialState),
    wiring: buildWiring(options.wiring ?? 'series', cells, options.cellsPerString),
    feeding: options.feeding ?? 'parallel',
    model: options.model ?? 'full',
  })
  const inputs = createStackInputs(cells)
  inputs.loadOhm = options.loadOhm ?? 50
  inputs.cellLoadOhm.fill(options.loadOhm ?? 50)
  inputs.feedLPerDay.fill(literatureFeedLPerDay)
  inputs.influentMgL.fill(options.influentMgL ?? 300)
  return { stack, inputs }
}
