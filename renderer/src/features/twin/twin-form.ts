import {
  fitRequestSchema,
  type FitRequestBody,
  type FitResultView,
  type ProfileInput,
  type TwinSeries,
} from '../../../../server/contract/twin'

/** The fit form as typed: every field a string until it is sent. */
export type FitForm = {
  csv: string
  s0MgL: string
  flowLPerDay: string
  fit: string
  biofilm: 'steady' | 'held'
  grownAtOhm: string
}

export const initialFitForm: FitForm = {
  csv: '',
  s0MgL: '600',
  flowLPerDay: '0.1527',
  fit: 'eMaxV,rMaxOhm,xMaxMMgL',
  biofilm: 'steady',
  grownAtOhm: '156',
}

/** The API's body from the form, checked by the API's own schema; a problem names the field before anything is sent. */
export function parseFitForm(form: FitForm): { ok: true; body: FitRequestBody } | { ok: false; reason: string } {
  const parsed = fitRequestSchema.safeParse({
    csv: form.csv.trim() === '' ? undefined : form.csv,
    s0MgL: Number(form.s0MgL),
    flowLPerDay: Number(form.flowLPerDay),
    fit: form.fit
      .split(',')
      .map((name) => name.trim())
      .filter((name) => name !== ''),
    biofilm: form.biofilm,
    ...(form.biofilm === 'held' ? { grownAtOhm: Number(form.grownAtOhm) } : {}),
  })
  if (parsed.success) return { ok: true, body: parsed.data }
  const issue = parsed.error.issues[0]
  return { ok: false, reason: `${issue?.path.join('.') || 'csv'}: ${issue?.message ?? 'invalid'}` }
}

/** A fit saved as a profile: its full parameter set and where it came from. */
export function profileOfFit(result: FitResultView, body: FitRequestBody, description: string): ProfileInput {
  return {
    description,
    parameters: result.cellParameters,
    origin: {
      kind: 'fit',
      rmse: result.rmse,
      fitted: Object.keys(result.identifiable).filter((name) => result.identifiable[name]),
      notIdentifiable: Object.keys(result.notIdentifiable),
      s0MgL: body.s0MgL,
      flowLPerDay: body.flowLPerDay,
      biofilm: body.biofilm,
    },
  }
}

export type ResidualRow = { t: number; measured: number | null; model: number; residual: number | null }

/** Measured and modelled voltage side by side, and their difference, for the twin's chart. */
export function residualRows(series: TwinSeries): ResidualRow[] {
  return series.timeS.map((t, i) => {
    const measured = series.measuredV[i] ?? null
    const model = series.modelV[i] as number
    return { t, measured, model, residual: measured === null ? null : measured - model }
  })
}
