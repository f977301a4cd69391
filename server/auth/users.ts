import type { Role } from '../contract/access.js'
import type { User } from '../contract/auth.js'
import { AppError } from '../errors.js'
import { iso, randomId, type StoreContext } from './store-context.js'
import type { PasswordHasher } from './passwords.js'

type UserRow = {
  id: string
  username: string
  role: Role
  password_hash: string | null
  disabled: number
  created_at: number
}

const toUser = (row: UserRow): User => ({
  id: row.id,
  username: row.username,
  role: row.role,
  disabled: row.disabled === 1,
  createdAt: iso(row.created_at),
})

export type UserStore = ReturnType<typeof createUserStore>

/** Users and their password hashes. The built-in "local" user (desktop window) has no password. */
export function createUserStore({ db, clock, random }: StoreContext, hasher: PasswordHasher) {
  const byName = db.prepare<[string], UserRow>('SELECT * FROM users WHERE username = ?')
  const byId = db.prepare<[string], UserRow>('SELECT * FROM users WHERE id = ?')
  // A fixed hash to verify against when the user does not exist, so timing does not reveal usernames.
  let dummyHash: Promise<string> | undefined

  return {
    async create(input: { username: string; password: string | undefined; role: Role }): Promise<User> {
      if (byName.get(input.username)) throw new AppError('conflict', `user "${input.username}" already exists`)
      const hash = input.password === undefined ? null : await hasher.hash(input.password)
      const row: UserRow = {
        id: randomId(random),
        username: input.username,
        role: input.role,
        password_hash: hash,
        disabled: 0,
        created_at: clock.now(),
      }
      db.prepare(
        'INSERT INTO users (id, username, role, password_hash, disabled, created_at) VALUES (@id, @username, @role, @password_hash, @disabled, @created_at)',
      ).run(row)
      return toUser(row)
    },
    list: (): User[] =>
      db
        .prepare<[], UserRow>('SELECT * FROM users WHERE password_hash IS NOT NULL ORDER BY username')
        .all()
        .map(toUser),
    get: (id: string): User | undefined => {
      const row = byId.get(id)
      return row ? toUser(row) : undefined
    },
    findByName: (username: string): User | undefined => {
      const row = byName.get(username)
      return row ? toUser(row) : undefined
    },
    /** The user when the password matches an enabled account with a password, else undefined. */
    async verify(username: string, password: string): Promise<User | undefined> {
      const row = byName.get(username)
      if (!row?.password_hash) {
        dummyHash ??= hasher.hash('not a password of anyone')
        await hasher.verify(password, await dummyHash)
        return undefined
      }
      const ok = await hasher.verify(password, row.password_hash)
      return ok && row.disabled === 0 ? toUser(row) : undefined
    },
    async setPassword(id: string, password: string): Promise<void> {
      db.prepare('UPDATE users SET password_hash = ? WHERE id = ?').run(await hasher.hash(password), id)
    },
    update(id: string, change: { role?: Role; disabled?: boolean }): void {
      if (change.role !== undefined) db.prepare('UPDATE users SET role = ? WHERE id = ?').run(change.role, id)
      if (change.disabled !== undefined)
        db.prepare('UPDATE users SET disabled = ? WHERE id = ?').run(change.disabled ? 1 : 0, id)
    },
    remove: (id: string): void => void db.prepare('DELETE FROM users WHERE id = ?').run(id),
    /** Enabled admins who can log in: the last one may not be demoted, disabled or deleted. */
    activeAdminCount: (): number =>
      db
        .prepare<[], { n: number }>(
          "SELECT COUNT(*) AS n FROM users WHERE role = 'admin' AND disabled = 0 AND password_hash IS NOT NULL",
        )
        .get()?.n ?? 0,
  }
}
