import { passwordSchema, usernameSchema, type User } from '../../contract/auth.js'
import { roleSchema, type Role } from '../../contract/access.js'
import { UsageError } from '../usage-error.js'
import { commonUsage, CommandFailed, output, parseCommand, stringOption, type OpsIo } from './common.js'
import { authStoresOf, CLI_ACTOR, withDataDir } from './offline.js'
import { fromApi, resolveTarget, type Target } from './target.js'

export const userUsage = `Usage: mfc-station user list [options]
       mfc-station user add NAME --role ROLE [options]
       mfc-station user reset-password NAME [options]
       mfc-station user disable NAME [options]

User accounts. Passwords (10..1024 characters) are read from stdin when it is not a terminal, else
asked for without echo; never from the command line. A reset or a disable ends the user's sessions;
the last enabled admin cannot be disabled. ROLE: viewer | operator | admin.

${commonUsage}`

type Change = { kind: 'add'; role: Role; password: string } | { kind: 'reset'; password: string } | { kind: 'disable' }

const describeUser = (user: User) =>
  `${user.username}  ${user.role}${user.disabled ? '  DISABLED' : ''}  created ${user.createdAt}`

function checked<T>(
  schema: { safeParse(input: unknown): { success: true; data: T } | { success: false } },
  value: unknown,
  what: string,
): T {
  const result = schema.safeParse(value)
  if (!result.success) throw new UsageError(what)
  return result.data
}

async function readPassword(io: OpsIo, name: string): Promise<string> {
  const password = await io.readSecret(`password for ${name}: `)
  return checked(passwordSchema, password, 'the password must have 10 to 1024 characters')
}

async function listUsers(target: Target): Promise<User[]> {
  if (target.kind === 'api') return fromApi(target.url, target.client.GET('/api/v1/users'))
  return withDataDir(target.config, async (db) => (await authStoresOf(db, target.config)).users.list())
}

async function changeThroughApi(target: Extract<Target, { kind: 'api' }>, name: string, change: Change) {
  if (change.kind === 'add') {
    const body = { username: name, password: change.password, role: change.role }
    return fromApi(target.url, target.client.POST('/api/v1/users', { body }))
  }
  const user = (await listUsers(target)).find((candidate) => candidate.username === name)
  if (!user) throw new CommandFailed(`no user ${name}`)
  const body = change.kind === 'reset' ? { password: change.password } : { disabled: true }
  return fromApi(target.url, target.client.PATCH('/api/v1/users/{id}', { params: { path: { id: user.id } }, body }))
}

function changeOffline(target: Extract<Target, { kind: 'offline' }>, name: string, change: Change) {
  return withDataDir(target.config, async (db): Promise<User> => {
    const { users, sessions, audit } = await authStoresOf(db, target.config)
    if (change.kind === 'add') {
      if (users.findByName(name)) throw new CommandFailed(`user ${name} exists already`)
      const user = await users.create({ username: name, password: change.password, role: change.role })
      audit.record({ actor: CLI_ACTOR, action: 'user.create', target: name, details: { role: change.role } })
      return user
    }
    const user = users.list().find((candidate) => candidate.username === name)
    if (!user) throw new CommandFailed(`no user ${name}`)
    if (change.kind === 'disable') {
      if (user.role === 'admin' && !user.disabled && users.activeAdminCount() <= 1)
        throw new CommandFailed(`${name} is the last admin; create another admin first`)
      users.update(user.id, { disabled: true })
    } else await users.setPassword(user.id, change.password)
    sessions.revokeUser(user.id)
    const details = change.kind === 'disable' ? { disabled: true } : { passwordReset: true }
    audit.record({ actor: CLI_ACTOR, action: 'user.update', target: name, details })
    return users.get(user.id)!
  })
}

async function changeFor(io: OpsIo, action: string, name: string, role: string | undefined): Promise<Change> {
  if (action === 'add') {
    const checkedRole = checked(roleSchema, role, '--role must be viewer, operator or admin')
    return { kind: 'add', role: checkedRole, password: await readPassword(io, name) }
  }
  if (role !== undefined) throw new UsageError(`--role is for "user add" only`)
  return action === 'reset-password' ? { kind: 'reset', password: await readPassword(io, name) } : { kind: 'disable' }
}

/** `mfc-station user list|add|reset-password|disable` (docs/operations.md "Operations CLI"). */
export async function userCommand(argv: string[], io: OpsIo): Promise<number> {
  const { values, positionals } = parseCommand(argv, { role: { type: 'string' } })
  if (values.help) return (io.stdout(userUsage), 0)
  const [action, name, ...extra] = positionals
  if (extra.length > 0) throw new UsageError(`user ${action}: unexpected "${extra.join(' ')}"`)
  if (action === 'list' && name === undefined) {
    const users = await listUsers(await resolveTarget(values, io.env))
    output(io, values, users, () => users.map(describeUser))
    return 0
  }
  if (!['add', 'reset-password', 'disable'].includes(action ?? '') || name === undefined)
    throw new UsageError(
      'expected "user list", "user add NAME --role ROLE", "user reset-password NAME" or "user disable NAME"',
    )
  checked(usernameSchema, name, `"${name}" is not a user name (letters, digits and . _ @ - only)`)
  // The target first: a refusal (station running without a token) comes before the password prompt.
  const target = await resolveTarget(values, io.env)
  const change = await changeFor(io, action!, name, stringOption(values, 'role'))
  const user =
    target.kind === 'api' ? await changeThroughApi(target, name, change) : await changeOffline(target, name, change)
  const done = {
    add: 'added',
    reset: 'has a new password; their sessions ended',
    disable: 'disabled; their sessions ended',
  }
  output(io, values, user, () => [`user ${user.username} (${user.role}) ${done[change.kind]}`])
  return 0
}
