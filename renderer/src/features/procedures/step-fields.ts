import {
  PROCEDURE_LIMITS as L,
  type procedureStepKinds,
  type ProcedureStepInput,
} from '../../../../server/contract/procedures'

export type StepKind = (typeof procedureStepKinds)[number]

export const stepKindLabels: Record<StepKind, string> = {
  setLoad: 'Set load',
  setFeed: 'Set feed',
  switchController: 'Switch controller',
  wait: 'Wait',
  polarizationSweep: 'Polarization sweep',
  repeat: 'Repeat',
}

/** A new step of a kind, with values an operator can start from (within the API's limits). */
export function defaultStep(kind: StepKind): ProcedureStepInput {
  switch (kind) {
    case 'setLoad':
      return { kind, ohm: 1000 }
    case 'setFeed':
      return { kind, lPerDay: 1 }
    case 'switchController':
      return { kind, controller: { kind: 'mppt', periodS: 1 } }
    case 'wait':
      return { kind, durationS: 600 }
    case 'polarizationSweep':
      return { kind, resistorsOhm: [30000, 10000, 5000], dwellS: 600, sampleS: 10 }
    case 'repeat':
      return { kind, everyS: 14400 }
  }
}

/** One numeric field of a step form: its key, label and the API's limits. */
export type NumberFieldSpec = { key: string; label: string; min: number; max: number; step?: number }

export const numberFields: Partial<Record<StepKind, NumberFieldSpec[]>> = {
  setFeed: [{ key: 'lPerDay', label: 'Feed (L/d)', min: 0, max: L.maxLPerDay, step: 0.01 }],
  wait: [{ key: 'durationS', label: 'Duration (s)', min: 1, max: L.maxWaitS }],
  polarizationSweep: [
    { key: 'dwellS', label: 'Dwell per step (s)', min: 1, max: L.maxDwellS },
    { key: 'sampleS', label: 'Sample every (s)', min: L.minSampleS, max: L.maxDwellS, step: 0.1 },
  ],
}

/** "30000, 10000, 5000" as resistor values; undefined when one is not a number within the limits. */
export function parseResistors(text: string): number[] | undefined {
  const values = text
    .split(/[\s,;]+/)
    .filter((part) => part !== '')
    .map(Number)
  const valid = values.every((value) => Number.isFinite(value) && value >= L.minOhm && value <= L.maxOhm)
  return valid && values.length > 0 && values.length <= L.sweepSteps ? values : undefined
}

/** A duration in seconds as the progress shows it: 1 h 02 min, 4 min 05 s, 12 s. */
export function durationText(seconds: number | null): string {
  if (seconds === null) return '–'
  const s = Math.max(0, Math.round(seconds))
  const h = Math.floor(s / 3600)
  const m = Math.floor((s % 3600) / 60)
  if (h > 0) return `${h} h ${String(m).padStart(2, '0')} min`
  if (m > 0) return `${m} min ${String(s % 60).padStart(2, '0')} s`
  return `${s} s`
}
