import { seriesFitRequestSchema, seriesFitResultSchema } from '../contract/twin-series-fit.js'
import { describeRoutes } from '../auth/route-description.js'
import {
  coulombicRequestSchema,
  coulombicResultSchema,
  onlineResistanceSchema,
  polarizationAnalysisSchema,
  polarizationRequestSchema,
} from '../contract/analyses.js'
import {
  cellProfileSchema,
  fitRequestSchema,
  fitResultSchema,
  parameterListSchema,
  profileAppliedSchema,
  profileApplySchema,
  profileInputSchema,
  profileListSchema,
  profileNameParamsSchema,
  twinReplayResultSchema,
  twinReplaySchema,
  twinSeriesQuerySchema,
  twinSeriesSchema,
  twinStartSchema,
  twinStatusSchema,
  whatIfRequestSchema,
  whatIfResultSchema,
} from '../contract/twin.js'

const busy = 'One fit, replay or what-if runs at a time: 409 while another does.'
const read = 'simulation:read'
// Computations change nothing in the run: `simulation:control`, but no control lock.
const compute = { access: 'simulation:control', controlLock: false } as const

/** `/api/v1/twin` (docs/api.md "Twin"): the twin run, the fit, replay, what-if and cell profiles. */
export const twinApi = describeRoutes({
  name: 'twin',
  mount: '/twin',
  tag: 'Digital twin',
  endpoints: {
    status: {
      method: 'get',
      path: '/',
      summary: 'The twin run beside the source: its model, residuals and alarms',
      access: read,
      responses: { 200: twinStatusSchema },
    },
    series: {
      method: 'get',
      path: '/series',
      summary: 'Measured and modelled voltage over time, for the stack or one cell',
      access: read,
      query: twinSeriesQuerySchema,
      responses: { 200: twinSeriesSchema },
    },
    parameters: {
      method: 'get',
      path: '/parameters',
      summary: "The model's parameters with their units and physical ranges",
      access: read,
      responses: { 200: parameterListSchema },
    },
    fit: {
      method: 'post',
      path: '/fit',
      summary: "Fit model parameters to a cell's polarization points, with 95 % intervals and identifiability",
      description: busy,
      ...compute,
      body: fitRequestSchema,
      responses: { 200: fitResultSchema },
      errors: [404, 409],
    },
    fitSeries: {
      method: 'post',
      path: '/fit/series',
      summary: "Fit model parameters to a cell's voltage time series with its load and feed history",
      description: `${busy} The series is a file, samples or a recorded run's cell (docs/twin.md "Time-series fit").`,
      ...compute,
      body: seriesFitRequestSchema,
      responses: { 200: seriesFitResultSchema },
      errors: [404, 409],
    },
    start: {
      method: 'post',
      path: '/start',
      summary: 'Start (or restart) the twin on the running source; audited',
      ...compute,
      body: twinStartSchema,
      responses: { 200: twinStatusSchema },
      errors: [404],
    },
    stop: {
      method: 'post',
      path: '/stop',
      summary: 'Stop the twin; audited',
      ...compute,
      responses: { 200: twinStatusSchema },
    },
    replay: {
      method: 'post',
      path: '/replay',
      summary: 'Replay a recorded run through the model',
      description: busy,
      ...compute,
      body: twinReplaySchema,
      responses: { 200: twinReplayResultSchema },
      errors: [404, 409],
    },
    whatIf: {
      method: 'post',
      path: '/what-if',
      summary: 'Run a candidate and a baseline (controller, timed inputs or saved procedure) ahead from the twin state',
      description:
        `The twin must be running. A plan's \`procedureId\` runs that saved procedure's steps on the twin ` +
        `(404 when there is none); the interlocks are not modelled. ${busy}`,
      ...compute,
      body: whatIfRequestSchema,
      responses: { 200: whatIfResultSchema },
      errors: [404, 409],
    },
    profiles: {
      method: 'get',
      path: '/profiles',
      summary: 'Saved cell profiles',
      access: read,
      responses: { 200: profileListSchema },
    },
    profile: {
      method: 'get',
      path: '/profiles/:name',
      summary: 'One cell profile',
      access: read,
      params: profileNameParamsSchema,
      responses: { 200: cellProfileSchema },
    },
    saveProfile: {
      method: 'put',
      path: '/profiles/:name',
      summary: 'Save a cell profile (201 when new); audited',
      ...compute,
      params: profileNameParamsSchema,
      body: profileInputSchema,
      responses: { 200: cellProfileSchema, 201: cellProfileSchema },
    },
    deleteProfile: {
      method: 'delete',
      path: '/profiles/:name',
      summary: 'Delete a cell profile; audited',
      ...compute,
      params: profileNameParamsSchema,
      responses: { 204: { description: 'deleted' } },
    },
    applyProfile: {
      method: 'post',
      path: '/profiles/:name/apply',
      summary: 'Copy a profile into the run configuration (every cell, or the chosen ones); audited',
      description: 'Changes the run, so it takes the control lock; 409 on a hardware source.',
      access: 'simulation:control',
      params: profileNameParamsSchema,
      body: profileApplySchema,
      responses: { 200: profileAppliedSchema },
      errors: [409],
    },
  },
})

/** `/api/v1/analyses` (docs/api.md "Analyses"): polarization, coulombic efficiency and COD removal, online R_int. */
export const analysesApi = describeRoutes({
  name: 'analyses',
  mount: '/analyses',
  tag: 'Analyses',
  endpoints: {
    polarization: {
      method: 'post',
      path: '/polarization',
      summary: 'MPP, OCV, internal resistance, densities and overshoot of a polarization curve (points or a file)',
      access: 'telemetry:read',
      body: polarizationRequestSchema,
      responses: { 200: polarizationAnalysisSchema },
    },
    coulombic: {
      method: 'post',
      path: '/coulombic',
      summary: 'Coulombic efficiency and COD removal of a recorded run or a given series',
      access: 'telemetry:read',
      body: coulombicRequestSchema,
      responses: { 200: coulombicResultSchema },
      errors: [404],
    },
    online: {
      method: 'get',
      path: '/online',
      summary: "R_int and OCV from the controller's load steps, per cell and for the stack",
      access: 'telemetry:read',
      responses: { 200: onlineResistanceSchema },
    },
  },
})
