import { createDocument, type CreateDocumentOptions, type oas31, type ZodOpenApiPathsObject } from 'zod-openapi'
import type { z } from 'zod'
import { accessRequestInfoSchema, meSchema, tokenInfoSchema, userSchema } from '../contract/auth.js'
import { errorBodySchema } from '../contract/errors.js'
import { componentHealthSchema, healthDetailSchema } from '../contract/health.js'
import { configPatchResultSchema, runConfigViewSchema } from '../contract/run-config-view.js'
import { auditEntrySchema, controlLockSchema, ipRuleSchema, securityStatusSchema } from '../contract/security.js'
import { polarizationSweepSchema, runMetricsSchema, simulationStatusSchema } from '../contract/simulation.js'
import { eventMessageSchema, telemetryFrameSchema } from '../contract/stream.js'
import {
  historyResponseSchema,
  performanceSummarySchema,
  recordingStatusSchema,
  runDetailSchema,
  runSummarySchema,
} from '../contract/telemetry.js'
import { tlsBackupSchema, tlsStatusSchema } from '../contract/tls.js'
import type { RouteDescription } from '../auth/route-description.js'
import { errorResponses, fullPath, openApiPath, operationOf } from './operation.js'

/** Contract schemas shown as named components; every use of one of them becomes a $ref. */
const namedSchemas: Record<string, z.ZodType> = {
  Error: errorBodySchema,
  Health: healthDetailSchema,
  ComponentHealth: componentHealthSchema,
  User: userSchema,
  Me: meSchema,
  TokenInfo: tokenInfoSchema,
  AccessRequest: accessRequestInfoSchema,
  SecurityStatus: securityStatusSchema,
  IpRule: ipRuleSchema,
  AuditEntry: auditEntrySchema,
  ControlLock: controlLockSchema,
  SimulationStatus: simulationStatusSchema,
  RunConfigView: runConfigViewSchema,
  ConfigPatchResult: configPatchResultSchema,
  RunMetrics: runMetricsSchema,
  PolarizationSweep: polarizationSweepSchema,
  TelemetryFrame: telemetryFrameSchema,
  EventMessage: eventMessageSchema,
  HistoryResponse: historyResponseSchema,
  RunSummary: runSummarySchema,
  RunDetail: runDetailSchema,
  RecordingStatus: recordingStatusSchema,
  PerformanceSummary: performanceSummarySchema,
  TlsStatus: tlsStatusSchema,
  TlsBackup: tlsBackupSchema,
}

const securitySchemes = {
  bearerToken: {
    type: 'http',
    scheme: 'bearer',
    description: 'An API token (`mfc_...`) created by an admin or collected after an access request; no CSRF token.',
  },
  sessionCookie: {
    type: 'apiKey',
    in: 'cookie',
    name: '__Host-mfc_session',
    description: 'The session cookie from POST /api/v1/auth/login (HttpOnly, Secure, SameSite=Strict).',
  },
  csrfToken: {
    type: 'apiKey',
    in: 'header',
    name: 'X-CSRF-Token',
    description: "The session's CSRF token (login answer, GET /api/v1/auth/csrf), on every cookie write.",
  },
} as const

const description = `The MFC Station REST API v1, generated from the station's route descriptions and zod contract.
Every operation names the permission it needs (\`x-access\`) and the roles and token scopes that grant it.
Errors have one shape: \`{ "error": { "code", "message", "details?" } }\`. The live stream is a WebSocket at
/api/v1/stream (its messages: docs/stream-protocol.md).`

/** What each group of the reference page is; a router with a new tag needs a line here (the lint fails otherwise). */
const tagDescriptions: Record<string, string> = {
  Health: 'Whether the station is up, and its components',
  'Sign-in': 'Password sign-in, the session, CSRF token, re-authentication and the first admin',
  Users: 'User accounts (admin)',
  'API tokens': 'Bearer tokens for instruments and scripts (admin)',
  'Instrument access requests': 'The pairing flow: an instrument asks, an operator approves, the instrument collects',
  Security: 'Security status, IP rules, sessions, lockouts and the audit log (admin)',
  'Control lock': 'The exclusive lock on simulation control',
  Simulation: 'The run: state, configuration, controller, speed, faults, sweeps, metrics',
  'Runs and history': 'The latest frame, recorded runs, downsampled history, CSV export, recording health',
  Events: 'Recent station events',
  Alarms: 'The active alarm list, acknowledge, timed shelving and the alarm history (ISA-18.2)',
  Instruments: 'Hardware devices, their link status and channel map, read now, and the HTTP push of samples',
  'Stack control': 'Actuators with read-back, the controller, the substrate setpoint and the interlocks',
  Procedures: 'Scheduled experiment protocols: definitions, the one driving the stack, and the sweeps they measured',
  'Digital twin': 'The twin run with residual alarms, parameter fits, replay, what-if and cell profiles',
  Analyses: 'Polarization, coulombic efficiency and COD removal, online internal resistance',
  Publishing: 'The MQTT brokers the station publishes telemetry to (Sparkplug B or JSON) and their queues',
  Certificates: 'The served certificate: status, generation, import, ACME, renewal, backup',
  'API description': 'This document and the reference page',
  'Reference API aliases': "The reference MFC monitoring API's paths, answered like their /api/v1 counterparts",
  Metrics: 'Prometheus metrics and the performance summary',
  'Operator UI': 'Pages of the web UI',
}

const tagsOf = (descriptions: readonly RouteDescription[]) =>
  [...new Set(descriptions.map((routes) => routes.tag))].map((name) => ({
    name,
    ...(tagDescriptions[name] ? { description: tagDescriptions[name] } : {}),
  }))

/**
 * Answers may gain fields (the API evolves additively, docs/api.md): zod's output rendering closes every
 * object with additionalProperties: false, which only objects declared strict mean.
 */
const openAnswers: NonNullable<CreateDocumentOptions['override']> = ({ jsonSchema, zodSchema, io }) => {
  const def = zodSchema._zod.def as { type: string; catchall?: unknown }
  if (io === 'output' && def.type === 'object' && def.catchall === undefined) delete jsonSchema.additionalProperties
}

/** The OpenAPI 3.1 document of the given routers (docs/api.md "OpenAPI"). */
export function createOpenApiDocument(descriptions: readonly RouteDescription[], version: string): oas31.OpenAPIObject {
  const paths: ZodOpenApiPathsObject = {}
  for (const routes of descriptions)
    for (const [key, endpoint] of Object.entries(routes.endpoints)) {
      const path = openApiPath(fullPath(routes, endpoint))
      const item = (paths[path] ??= {})
      if (item[endpoint.method]) throw new Error(`two descriptions of ${endpoint.method.toUpperCase()} ${path}`)
      item[endpoint.method] = operationOf(routes, key, endpoint)
    }
  const responses = Object.fromEntries(
    Object.values(errorResponses).map(([name, text]) => [
      name,
      { description: text, content: { 'application/json': { schema: errorBodySchema } } },
    ]),
  )
  return createDocument(
    {
      openapi: '3.1.0',
      info: { title: 'MFC Station API', version, description, license: { name: 'MIT', identifier: 'MIT' } },
      servers: [{ url: '/', description: 'the station that serves this document' }],
      paths,
      components: { schemas: namedSchemas, responses, securitySchemes },
      tags: tagsOf(descriptions),
    },
    { override: openAnswers },
  )
}
