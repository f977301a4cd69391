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
    expect(controllerMismatch(policy({}), built([rExt, pump]))).toBeUndefined()
  })

  it('refuse, with the reason, a policy for another action set or stack', () => {
    expect(controllerMismatch(policy({}), built([rExt]))).toMatch(/no feed pump.*another action set/)
    expect(controllerMismatch(policy({ actuator: 'dosing', substrateMax: 1 }), built([rExt, pump]))).toMatch(
      /no dosing actuator/,
    )
    expect(controllerMismatch(policy({ loadMinOhm: 5 }), built([rExt, pump]))).toMatch(
      /acts on 5\.\.2000 ohm, this stack's R_ext takes 20\.\.5000 ohm/,
    )
    expect(controllerMismatch(policy({ substrateMax: 3 }), built([rExt, pump]))).toMatch(/the pump takes 0\.\.2/)
  })

  it('refuse MPPT without an R_ext actuator and per-cell MPPT without per-cell actuators', () => {
    const mppt = (scope: string) => controllerConfigSchema.parse({ kind: 'mppt', scope })
    expect(controllerMismatch(mppt('stack'), built([pump]))).toMatch(/MPPT needs an R_ext actuator/)
    expect(controllerMismatch(mppt('cell'), built([rExt]))).toMatch(/per-cell MPPT/)
    expect(controllerMismatch(mppt('stack'), built([rExt]))).toBeUndefined()
  })
})
