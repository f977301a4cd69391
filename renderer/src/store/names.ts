import type { ControllerKind, FaultKind } from '../../../server/contract/simulation'

/** Fault kinds as an operator names them. */
export const faultNames: Record<FaultKind, string> = {
  'feed-pump-failure': 'Feed pump failure',
  starvation: 'Starvation',
  'biofilm-loss': 'Biofilm loss',
  'sensor-stuck': 'Sensor stuck',
  'sensor-drift': 'Sensor drift',
  'load-disconnect': 'Load disconnected',
  'temperature-step': 'Temperature step',
}

/** A fault kind's name; a kind newer than this page keeps the station's word. */
export function faultName(kind: string): string {
  return (faultNames as Record<string, string>)[kind] ?? kind
}

/** Controller kinds as an operator names them. */
export const controllerNames: Record<ControllerKind, string> = {
  fixed: 'Fixed',
  pid: 'PID (substrate)',
  mppt: 'MPPT (perturb & observe)',
  qlearning: 'Q-learning policy',
}
