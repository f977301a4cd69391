import { createTokenRequestSchema, type TokenInfo } from '../../contract/auth.js'
import { parseInput } from '../../validation.js'
import { UsageError } from '../usage-error.js'
import { commonUsage, CommandFailed, output, parseCommand, stringOption, type OpsIo } from './common.js'
import { authStoresOf, CLI_ACTOR, withDataDir } from './offline.js'
import { fromApi, resolveTarget, type Target } from './target.js'

export const tokenUsage = `Usage: mfc-station token list [options]
       mfc-station token create NAME (--role ROLE | --scope SCOPE ...) [--expires-days N] [--hazardous] [options]
       mfc-station token revoke ID [options]

API tokens for instruments and scripts. The token is printed once, when it is created.
ROLE: viewer | operator | admin; SCOPE: telemetry:read | simulation:control | metrics:read | ingest:write | admin.
--hazardous lets the token stop or reset runs, inject faults, manage users, tokens and the certificate
(off by default: docs/security.md "Re-authentication").

${commonUsage}`

const DAY_MS = 86_400_000

function createRequest(name: string | undefined, values: ReturnType<typeof parseCommand>['values']) {
  const scopes = values['scope']
  const days = stringOption(values, 'expires-days')
  if (days !== undefined && !/^\d+$/.test(days)) throw new UsageError(`--expires-days expects a number, got "${days}"`)
  try {
    return parseInput(
      createTokenRequestSchema,
      {
        name,
        ...(stringOption(values, 'role') ? { role: stringOption(values, 'role') } : {}),
        ...(Array.isArray(scopes) ? { scopes } : {}),
        ...(days === undefined ? {} : { expiresInDays: Number(days) }),
        ...(values['hazardous'] === true ? { hazardous: true } : {}),
      },
      'body',
    )
  } catch (error) {
    throw new UsageError(`token create: ${(error as Error).message.replace(/^body\./, '')}`)
  }
}

const describeToken = (token: TokenInfo) =>
  `${token.id}  ${token.name}  ${token.role ?? token.scopes?.join(',')}  created ${token.createdAt} by ${token.createdBy}` +
  (token.hazardous ? '  hazardous' : '') +
  (token.expiresAt ? `  expires ${token.expiresAt}` : '') +
  (token.lastUsedAt ? `  last used ${token.lastUsedAt}` : '') +
  (token.revokedAt ? `  REVOKED ${token.revokedAt}` : '')

async function list(target: Target): Promise<TokenInfo[]> {
  if (target.kind === 'api') return fromApi(target.url, target.client.GET('/api/v1/tokens'))
  return withDataDir(target.config, async (db) => (await authStoresOf(db, target.config)).tokens.list())
}

async function create(target: Target, request: ReturnType<typeof createRequest>, now: number) {
  if (target.kind === 'api') return fromApi(target.url, target.client.POST('/api/v1/tokens', { body: request }))
  return withDataDir(target.config, async (db) => {
    const { tokens, audit } = await authStoresOf(db, target.config)
    const { token, record } = tokens.create({
      name: request.name,
      ...(request.role ? { role: request.role } : {}),
      ...(request.scopes ? { scopes: request.scopes } : {}),
      ...(request.expiresInDays ? { expiresAt: now + request.expiresInDays * DAY_MS } : {}),
      createdBy: CLI_ACTOR,
      hazardous: request.hazardous ?? false,
    })
    const grant = record.role ? { role: record.role } : { scopes: record.scopes }
    audit.record({
      actor: CLI_ACTOR,
      action: 'token.create',
      target: record.id,
      details: { name: record.name, ...grant, hazardous: record.hazardous },
    })
    return { id: record.id, token }
  })
}

async function revoke(target: Target, id: string): Promise<void> {
  if (target.kind === 'api') {
    await fromApi(target.url, target.client.DELETE('/api/v1/tokens/{id}', { params: { path: { id } } }))
    return
  }
  await withDataDir(target.config, async (db) => {
    const { tokens, audit } = await authStoresOf(db, target.config)
    if (!tokens.revoke(id)) throw new CommandFailed(`no such live token ${id}`)
    audit.record({ actor: CLI_ACTOR, action: 'token.revoke', target: id })
  })
}

/** `mfc-station token list|create|revoke` (docs/operations.md "Operations CLI"). */
export async function tokenCommand(argv: string[], io: OpsIo): Promise<number> {
  const { values, positionals } = parseCommand(argv, {
    role: { type: 'string' },
    scope: { type: 'string', multiple: true },
    'expires-days': { type: 'string' },
    hazardous: { type: 'boolean', default: false },
  })
  if (values.help) return (io.stdout(tokenUsage), 0)
  const [action, argument, ...extra] = positionals
  if (extra.length > 0) throw new UsageError(`token ${action}: unexpected "${extra.join(' ')}"`)
  if (action === 'list' && argument === undefined) {
    const tokens = await list(await resolveTarget(values, io.env))
    output(io, values, tokens, () => (tokens.length === 0 ? ['no API tokens'] : tokens.map(describeToken)))
    return 0
  }
  if (action === 'create' && argument !== undefined) {
    const request = createRequest(argument, values)
    const created = await create(await resolveTarget(values, io.env), request, io.now())
    output(io, values, created, () => [`token ${created.id} created; it is shown only this once:`, created.token])
    return 0
  }
  if (action === 'revoke' && argument !== undefined) {
    await revoke(await resolveTarget(values, io.env), argument)
    output(io, values, { revoked: argument }, () => [`token ${argument} revoked`])
    return 0
  }
  throw new UsageError('expected "token list", "token create NAME --role ROLE" or "token revoke ID"')
}
