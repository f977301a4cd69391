import { sweepRequestSchema, type SweepRequest } from '../../../../server/contract/simulation'

type Limits = { min: number; max: number; default: number; integer: boolean }

/** One field's bounds exactly as the API's schema states them (server/contract/simulation.ts). */
function limitsOf(key: keyof SweepRequest): Limits {
  const field = sweepRequestSchema.shape[key]
  const inner = field.unwrap()
  return {
    // For positive() fields this is 0 and exclusive: the input allows it, the schema check below does not.
    min: inner.minValue ?? -Number.MAX_VALUE,
    max: inner.maxValue ?? Number.MAX_VALUE,
    default: field.def.defaultValue,
    integer: inner.isInt,
  }
}

/** The sweep form's limits, read from the contract so the form never offers what the API refuses. */
export const sweepLimits = {
  minOhm: limitsOf('minOhm'),
  maxOhm: limitsOf('maxOhm'),
  points: limitsOf('points'),
} as const

export type SweepForm = Record<keyof SweepRequest, string>

/** The form's fields for a request (the shown sweep's, or the API's defaults). */
export function formOf(request: SweepRequest | undefined): SweepForm {
  const r = request ?? {
    minOhm: sweepLimits.minOhm.default,
    maxOhm: sweepLimits.maxOhm.default,
    points: sweepLimits.points.default,
  }
  return { minOhm: String(r.minOhm), maxOhm: String(r.maxOhm), points: String(r.points) }
}

/** The request the form describes, checked by the API's own schema; the first problem otherwise. */
export function parseSweepForm(form: SweepForm): { ok: true; request: SweepRequest } | { ok: false; reason: string } {
  const parsed = sweepRequestSchema.safeParse({
    minOhm: Number(form.minOhm),
    maxOhm: Number(form.maxOhm),
    points: Number(form.points),
  })
  if (parsed.success) return { ok: true, request: parsed.data }
  const issue = parsed.error.issues[0]
  return { ok: false, reason: `${issue?.path.join('.') ?? 'form'}: ${issue?.message ?? 'invalid'}` }
}

/** Whether the form still describes the sweep on screen (else the page says the two differ). */
export function formMatches(form: SweepForm, request: SweepRequest | undefined): boolean {
  const parsed = parseSweepForm(form)
  return (
    request !== undefined &&
    parsed.ok &&
    parsed.request.minOhm === request.minOhm &&
    parsed.request.maxOhm === request.maxOhm &&
    parsed.request.points === request.points
  )
}
