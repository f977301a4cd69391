import type { IpRule } from '../contract/security.js'
import { AppError } from '../errors.js'
import { createIpMatcher, parseCidr, type IpMatcher } from '../config/cidr.js'
import { iso, randomId, type StoreContext } from './store-context.js'

type Row = { id: string; action: 'allow' | 'deny'; cidr: string; note: string; created_at: number; created_by: string }

const toRule = (row: Row): IpRule => ({
  id: row.id,
  action: row.action,
  cidr: row.cidr,
  note: row.note,
  createdAt: iso(row.created_at),
  createdBy: row.created_by,
})

export type IpRules = ReturnType<typeof createIpRules>

/**
 * Runtime IP allow/deny rules (CIDR, IPv4 and IPv6), persisted. A deny match refuses; when any allow
 * rule exists, only matching addresses pass. Never-ban addresses (loopback by default) always pass,
 * so an admin cannot lock the machine's owner out by a bad rule. Matchers are rebuilt on change only.
 */
export function createIpRules({ db, clock, random }: StoreContext, neverBan: IpMatcher) {
  let allow: IpMatcher | undefined
  let deny: IpMatcher = () => false
  const rebuild = () => {
    const rows = db.prepare<[], Row>('SELECT * FROM ip_rules').all()
    const allows = rows.filter((row) => row.action === 'allow').map((row) => row.cidr)
    allow = allows.length > 0 ? createIpMatcher(allows) : undefined
    deny = createIpMatcher(rows.filter((row) => row.action === 'deny').map((row) => row.cidr))
  }
  rebuild()

  return {
    permits(ip: string): boolean {
      if (neverBan(ip)) return true
      if (deny(ip)) return false
      return allow ? allow(ip) : true
    },
    list: (): IpRule[] => db.prepare<[], Row>('SELECT * FROM ip_rules ORDER BY created_at').all().map(toRule),
    add(input: { action: 'allow' | 'deny'; cidr: string; note: string }, by: string): IpRule {
      const cidr = parseCidr(input.cidr)
      if (!cidr)
        throw new AppError('bad_request', 'invalid request', {
          field: 'cidr',
          message: 'not an IPv4/IPv6 address or CIDR',
        })
      const row: Row = {
        id: randomId(random, 9),
        action: input.action,
        cidr: `${cidr.address}/${cidr.prefix}`,
        note: input.note,
        created_at: clock.now(),
        created_by: by,
      }
      db.prepare(
        'INSERT INTO ip_rules (id, action, cidr, note, created_at, created_by) VALUES (@id, @action, @cidr, @note, @created_at, @created_by)',
      ).run(row)
      rebuild()
      return toRule(row)
    },
    remove(id: string): IpRule | undefined {
      const rule = db.prepare<[string], Row>('SELECT * FROM ip_rules WHERE id = ?').get(id)
      if (!rule) return undefined
      db.prepare('DELETE FROM ip_rules WHERE id = ?').run(id)
      rebuild()
      return toRule(rule)
    },
  }
}
