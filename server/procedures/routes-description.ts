import { describeRoutes } from '../auth/route-description.js'
import {
  procedureDefinitionSchema,
  procedureIdParamsSchema,
  procedureListSchema,
  procedureProgressSchema,
  runSweepParamsSchema,
  runSweepsSchema,
  savedProcedureSchema,
} from '../contract/procedures.js'
import { runIdParamsSchema } from '../contract/telemetry.js'

const run = (summary: string, description: string) => ({
  method: 'post' as const,
  summary,
  description,
  access: 'instruments:operate' as const,
  responses: { 200: procedureProgressSchema },
  errors: [409] as const,
})

/** `/api/v1/procedures` (docs/control.md "Procedures"): definitions and the one procedure driving the stack. */
export const proceduresApi = describeRoutes({
  name: 'procedures',
  mount: '/procedures',
  tag: 'Procedures',
  endpoints: {
    list: {
      method: 'get',
      path: '/',
      summary: 'The saved procedures, by id',
      access: 'instruments:read',
      responses: { 200: procedureListSchema },
    },
    progress: {
      method: 'get',
      path: '/run',
      summary: 'The procedure driving the stack, or the last one: state, step k of n, time left',
      access: 'instruments:read',
      responses: { 200: procedureProgressSchema },
    },
    pause: { ...run('Pause the running procedure; audited', 'Answered 409 when none runs.'), path: '/run/pause' },
    resume: {
      ...run('Resume the paused procedure; audited', 'Answered 409 unless one is paused.'),
      path: '/run/resume',
    },
    abort: {
      ...run(
        'Abort the procedure, leaving the load safe or as last set (its onAbort); audited',
        'Answered 409 when none runs.',
      ),
      path: '/run/abort',
    },
    get: {
      method: 'get',
      path: '/:id',
      summary: 'One saved procedure',
      access: 'instruments:read',
      params: procedureIdParamsSchema,
      responses: { 200: savedProcedureSchema },
      errors: [404],
    },
    save: {
      method: 'put',
      path: '/:id',
      summary: 'Create or replace a procedure (201 when new); audited',
      description:
        'Answered 400 naming the field; a switchController step is checked against the run controller schema.',
      access: 'instruments:operate',
      params: procedureIdParamsSchema,
      body: procedureDefinitionSchema,
      responses: { 200: savedProcedureSchema, 201: savedProcedureSchema },
    },
    remove: {
      method: 'delete',
      path: '/:id',
      summary: 'Delete a procedure; audited',
      description: 'Answered 409 while it drives the stack.',
      access: 'instruments:operate',
      params: procedureIdParamsSchema,
      responses: { 204: { description: 'deleted' } },
      errors: [404, 409],
    },
    start: {
      ...run('Start a procedure on the stack; audited', 'Answered 409 while another procedure drives the stack.'),
      path: '/:id/start',
      params: procedureIdParamsSchema,
      errors: [404, 409],
    },
  },
})

/** `/api/v1/runs/:runId/sweeps`: the polarization sweeps procedures measured in a run. */
export const runSweepsApi = describeRoutes({
  name: 'sweeps',
  mount: '/runs',
  tag: 'Procedures',
  endpoints: {
    list: {
      method: 'get',
      path: '/:runId/sweeps',
      summary: "A run's polarization sweeps with their maximum power points, oldest first",
      access: 'telemetry:read',
      params: runIdParamsSchema,
      responses: { 200: runSweepsSchema },
    },
    csv: {
      method: 'get',
      path: '/:runId/sweeps/:sweepId/curve.csv',
      summary: 'One stored sweep as CSV (r_ext_ohm, voltage_V, current_A, power_W, then per cell)',
      access: 'telemetry:read',
      params: runSweepParamsSchema,
      responses: { 200: { description: 'one row per load', contentType: 'text/csv' } },
      errors: [404],
    },
  },
})
