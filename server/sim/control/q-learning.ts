import type { Random } from '../random.js'
import { meanPresent, SUBSTRATE_BAND_MG_L, type Controller, type Observation } from './controller.js'
import { ACTIONS, HOLD_ACTION, stateIndex, type QPolicy } from './q-policy.js'

const MG_L_PER_MM = 59.04

/**
 * A cell of a multi-cell stack below this voltage is reversing (the station's reversal limit uses the same
 * threshold, docs/control.md "Reversal limit"). A lone cell's load cannot reverse it (V = E R / (R + R_int)).
 */
export const REVERSAL_GUARD_V = 0.05

/**
 * The lowest R_ext the policy may set now (docs/simulation.md "qlearning"): while a cell reverses the load
 * never falls, and a reversal right after a step down makes the load one step up the policy's floor for
 * the rest of the run (the floor only rises). A reversal the load did not cause (a young biofilm at the
 * start) raises no floor: it only stops the load falling. It belongs to the policy (the agent was trained
 * with it, so its table assumes it); the station's learned floor (reversal-guard.ts, docs/control.md
 * "Reversal limit") wraps the controller on top, as it wraps every controller.
 */
function createPolicyReversalHold(policy: QPolicy) {
  let floorOhm = policy.loadMinOhm
  let previousLoadOhm = -Infinity
  return (observation: Observation): number => {
    const voltages = observation.cellVoltageV
    const reversing = voltages.length > 1 && voltages.some((v) => v !== null && v < REVERSAL_GUARD_V)
    const loadOhm = observation.actuators.loadOhm
    const movedDown = loadOhm < previousLoadOhm
    previousLoadOhm = loadOhm
    if (!reversing) return floorOhm
    if (movedDown) floorOhm = Math.min(policy.loadMaxOhm, Math.max(floorOhm, loadOhm * (1 + policy.loadStepFraction)))
    return Math.max(floorOhm, Math.min(loadOhm, policy.loadMaxOhm))
  }
}

/** Learning settings; absent in operation, where the controller only exploits its table. */
export type QLearning = {
  random: Random
  /** Step size and discount of the one-step Q-learning update. */
  alpha: number
  gamma: number
  /** Exploration probability, read at every decision so a trainer can anneal it. */
  epsilon(): number
}

/**
 * Reward shaping (per decision), in three documented terms:
 *  - band: +1 while the substrate is within +/- 2 mM of the target, otherwise -(excess in units of the
 *    band), capped at -2 so one far excursion does not swamp everything else;
 *  - power level: 0.5 * (P / P_best - 1), in [-0.5, 0], P_best the best power seen this run, so the
 *    agent is drawn towards the maximum power point without knowing it;
 *  - stability: -2 * |dP| / P_best, the power stability metric's enemy (large swings, dithering).
 */
export function shapedReward(
  substrateErrorMgL: number,
  powerW: number,
  previousPowerW: number,
  bestPowerW: number,
): number {
  const excess = Math.abs(substrateErrorMgL) / SUBSTRATE_BAND_MG_L
  const band = excess <= 1 ? 1 : -Math.min(excess - 1, 2)
  if (!(bestPowerW > 0)) return band
  return band + 0.5 * (powerW / bestPowerW - 1) - (2 * Math.abs(powerW - previousPowerW)) / bestPowerW
}

function greedy(row: readonly number[]): number {
  // Ties (an untrained state) resolve to "hold, hold": an unknown state should not move anything.
  let best = HOLD_ACTION
  for (let action = 0; action < ACTIONS; action += 1) if ((row[action] as number) > (row[best] as number)) best = action
  return best
}

/**
 * Tabular Q-learning on the discretised state of q-policy.ts. Without `learning` it is a pure greedy
 * policy (exploration off). With it, it explores epsilon-greedily and updates `policy.q` in place.
 */
export function createQLearningController(
  policy: QPolicy,
  learning?: QLearning,
): Controller & { totalReward(): number } {
  let previous: { state: number; action: number; powerW: number } | undefined
  let bestPowerW = 0
  let lastLoadMove = 1
  let lastSubstrate: number | undefined
  let lastPower: number | undefined
  let rewardSum = 0
  const lowestLoad = createPolicyReversalHold(policy)
  return {
    kind: 'qlearning',
    periodS: policy.periodS,
    totalReward: () => rewardSum,
    decide(observation: Observation) {
      const substrate = meanPresent(observation.substrateMgL) ?? lastSubstrate
      const power = observation.powerW ?? lastPower
      if (substrate === undefined || power === undefined) return {}
      lastSubstrate = substrate
      lastPower = power
      bestPowerW = Math.max(bestPowerW, power)
      const error = observation.substrateTargetMgL - substrate
      const trend = previous && previous.powerW > 0 ? (power - previous.powerW) / previous.powerW : 0
      const state = stateIndex(error / MG_L_PER_MM, trend, lastLoadMove)
      const row = policy.q[state] as number[]
      if (previous) {
        const reward = shapedReward(error, power, previous.powerW, bestPowerW)
        rewardSum += reward
        if (learning) {
          const old = policy.q[previous.state] as number[]
          const target = reward + learning.gamma * (row[greedy(row)] as number)
          old[previous.action] =
            (old[previous.action] as number) + learning.alpha * (target - (old[previous.action] as number))
        }
      }
      const action =
        learning && learning.random.next() < learning.epsilon() ? learning.random.int(ACTIONS) : greedy(row)
      previous = { state, action, powerW: power }
      const substrateMove = Math.floor(action / 3) - 1
      const loadMove = (action % 3) - 1
      lastLoadMove = loadMove + 1
      const act = observation.actuators
      const floorOhm = lowestLoad(observation)
      const currentSubstrate = policy.actuator === 'feed' ? act.feedLPerDay : act.dosingMgPerDay
      const nextSubstrate = Math.min(
        policy.substrateMax,
        Math.max(policy.substrateMin, currentSubstrate + substrateMove * policy.substrateStep),
      )
      const nextLoad = Math.min(
        policy.loadMaxOhm,
        Math.max(floorOhm, act.loadOhm * (1 + policy.loadStepFraction) ** loadMove),
      )
      return {
        loadOhm: nextLoad,
        ...(policy.actuator === 'feed' ? { feedLPerDay: nextSubstrate } : { dosingMgPerDay: nextSubstrate }),
      }
    },
  }
}
