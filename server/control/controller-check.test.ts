import { describe, expect, it } from 'vitest'
import { pumpActuatorSchema, resistanceActuatorSchema } from '../config/actuators-schema.js'
import type { ActuatorMapping } from '../instruments/actuator-map.js'
import { controllerConfigSchema } from '../sim/control/controller-config.js'
import { emptyQPolicy } from '../sim/control/q-policy.js'
import { createManualClock } from '../testing/manual-clock.js'
import { createActuator } from './actuator.js'
import { controllerMismatch } from './controller-check.js'

const target = { device: 'plc', readBack: undefined, scale: 1, tolerance: 0.02 }
const rExt: ActuatorMapping = {
  ...{ id: 'stack-rext', cell: null, address: 'holding:100:uint16', kind: 'resistance', ...target },
  config: resistanceActuatorSchema.parse({
    ...{ device: 'plc', address: 'holding:100:uint16', minOhm: 20, maxOhm: 5000, safeOhm: 4000 },
  }),
}
const pump: ActuatorMapping = {
  ...{ id: 'pump', cell: null, address: 'holding:200:uint16', kind: 'pump', ...target },
  config: pumpActuatorSchema.parse({ device: 'plc', address: 'holding:200:uint16', maxLPerDay: 2 }),
}
const actuation = { write: async () => undefined, commanded: () => undefined, measured: () => undefined }
const built = (mappings: ActuatorMapping[]) =>
  mappings.map((m) => createActuator(m, { actuation, clock: createManualClock(), retries: 0, backoffMs: 1 }))

const policy = (overrides: object) =>
  controllerConfigSchema.parse({
    kind: 'qlearning',
    policy: {
      ...emptyQPolicy(
        {
          ...{ actuator: 'feed', substrateStep: 0.05, substrateMin: 0.1, substrateMax: 1.5 },
          ...{ loadStepFraction: 0.1, loadMinOhm: 50, loadMaxOhm: 2000, periodS: 300 },
        },
        { seed: 1, episodes: 10, scenario: 'default 5-cell stack' },
      ),
      ...overrides,
    },
  })

describe('controllers on a hardware stack', () => {
  it('take a Q-learning policy trained for this action set', () => {
    expect(controllerMismatch(policy({}), built([rExt, pump]), 5)).toBeUndefined()
  })

  it('refuse, with the reason, a policy for another action set or stack', () => {
    expect(controllerMismatch(policy({}), built([rExt]), 5)).toMatch(/no feed pump.*another action set/)
    expect(controllerMismatch(policy({ actuator: 'dosing', substrateMax: 1 }), built([rExt, pump]), 5)).toMatch(
      /no dosing actuator/,
    )
    expect(controllerMismatch(policy({ loadMinOhm: 5 }), built([rExt, pump]), 5)).toMatch(
      /acts on 5\.\.2000 ohm, this stack's R_ext takes 20\.\.5000 ohm/,
    )
    expect(controllerMismatch(policy({ substrateMax: 3 }), built([rExt, pump]), 5)).toMatch(/the pump takes 0\.\.2/)
  })

  it('refuse a policy trained for another stack shape, naming both', () => {
    const training = (stack: object) => ({ seed: 1, episodes: 10, scenario: 'default 5-cell stack', stack })
    const series = policy({ training: training({ cells: 5, wiring: 'series' }) })
    expect(controllerMismatch(series, built([rExt, pump]), 5)).toBeUndefined()
    expect(controllerMismatch(series, built([rExt, pump]), 4)).toMatch(
      /training\.stack: the policy was trained for a 5-cell series stack, this stack has 4 cells/,
    )
    const ownLoad: ActuatorMapping = { ...rExt, id: 'cell-1-rext', cell: 1 }
    expect(controllerMismatch(series, built([ownLoad, pump]), 5)).toMatch(
      /series stack, this stack has an R_ext per cell/,
    )
    const independent = policy({ training: training({ cells: 5, wiring: 'independent' }) })
    expect(controllerMismatch(independent, built([rExt, pump]), 5)).toMatch(/this stack has one shared R_ext/)
  })

  it('refuse MPPT without an R_ext actuator and per-cell MPPT without per-cell actuators', () => {
    const mppt = (scope: string) => controllerConfigSchema.parse({ kind: 'mppt', scope })
    expect(controllerMismatch(mppt('stack'), built([pump]), 5)).toMatch(/MPPT needs an R_ext actuator/)
    expect(controllerMismatch(mppt('cell'), built([rExt]), 5)).toMatch(/per-cell MPPT/)
    expect(controllerMismatch(mppt('stack'), built([rExt]), 5)).toBeUndefined()
  })
})
