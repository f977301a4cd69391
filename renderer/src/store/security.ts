import { create } from 'zustand'
import type { Role } from '../../../server/contract/access'
import type { AccessRequestInfo, CreateTokenRequest, TokenInfo, User } from '../../../server/contract/auth'
import type {
  AuditEntry,
  AuditVerify,
  IpRule,
  Lockout,
  SecurityStatus,
  SessionInfo,
} from '../../../server/contract/security'
import { describeError } from '../api/http-client'
import type { SecurityApi } from '../api/security-api'
import { runChange, type ChangeDeps, type Outcome } from './change-runner'

/** Entries the audit view reads at a time; the full log is the NDJSON export. */
export const AUDIT_PAGE = 100

export type SecurityState = {
  status: SecurityStatus | undefined
  tokens: TokenInfo[]
  requests: AccessRequestInfo[]
  users: User[]
  sessions: SessionInfo[]
  ipRules: IpRule[]
  lockouts: Lockout[]
  audit: AuditEntry[]
  /** The last check of the audit log's hash chain. */
  auditCheck: AuditVerify | undefined
  auditAction: string
  readError: string | undefined
  refresh(): Promise<void>
  filterAudit(action: string): Promise<void>
  /** The plain token comes back once, in the outcome: the station keeps only a keyed hash. */
  createToken(request: CreateTokenRequest): Promise<Outcome & { token?: string }>
  revokeToken(token: TokenInfo): Promise<Outcome>
  approveRequest(request: AccessRequestInfo, role: Role): Promise<Outcome>
  denyRequest(request: AccessRequestInfo): Promise<Outcome>
  createUser(user: { username: string; password: string; role: Role }): Promise<Outcome>
  updateUser(user: User, change: { role?: Role; disabled?: boolean }): Promise<Outcome>
  revokeSession(session: SessionInfo): Promise<Outcome>
  addIpRule(rule: { action: 'allow' | 'deny'; cidr: string; note: string }): Promise<Outcome>
  removeIpRule(rule: IpRule): Promise<Outcome>
  liftLockout(lockout: Lockout): Promise<Outcome>
  verifyAudit(): Promise<void>
}

/** Admin state (users, tokens, instrument requests, sessions, IP rules, audit) and its changes. */
export function createSecurityStore(deps: ChangeDeps & { api: SecurityApi }) {
  const { api } = deps
  return create<SecurityState>((set, get) => {
    const change = async <T>(label: string, call: () => Promise<T>, describe?: (value: T) => string) => {
      const outcome = await runChange(deps, label, call, describe)
      await get().refresh()
      return outcome
    }
    const readAudit = () =>
      api.audit({ limit: AUDIT_PAGE, ...(get().auditAction ? { action: get().auditAction } : {}) })
    return {
      status: undefined,
      tokens: [],
      requests: [],
      users: [],
      sessions: [],
      ipRules: [],
      lockouts: [],
      audit: [],
      auditCheck: undefined,
      auditAction: '',
      readError: undefined,
      async refresh() {
        try {
          const [status, tokens, requests, users, sessions, ipRules, lockouts, audit] = await Promise.all([
            api.status(),
            api.tokens(),
            api.accessRequests(),
            api.users(),
            api.sessions(),
            api.ipRules(),
            api.lockouts(),
            readAudit(),
          ])
          set({ status, tokens, requests, users, sessions, ipRules, lockouts, audit, readError: undefined })
        } catch (error) {
          set({ readError: describeError(error) })
        }
      },
      async filterAudit(action) {
        set({ auditAction: action })
        try {
          set({ audit: await readAudit() })
        } catch (error) {
          set({ readError: describeError(error) })
        }
      },
      async createToken(request) {
        const { value, ...outcome } = await change(`Create token "${request.name}"`, () => api.createToken(request))
        return value ? { ...outcome, token: value.token } : outcome
      },
      revokeToken: (token) => change(`Revoke token "${token.name}"`, () => api.revokeToken(token.id)),
      approveRequest: (request, role) =>
        change(`Approve "${request.name}" as ${role}`, () => api.approveRequest(request.id, role)),
      denyRequest: (request) => change(`Deny "${request.name}"`, () => api.denyRequest(request.id)),
      createUser: (user) => change(`Create user ${user.username} (${user.role})`, () => api.createUser(user)),
      updateUser: (user, update) =>
        change(
          `Update ${user.username}${update.role ? `: role ${update.role}` : ''}${update.disabled === undefined ? '' : update.disabled ? ': disabled' : ': enabled'}`,
          () => api.updateUser(user.id, update),
        ),
      revokeSession: (session) => change(`End session of ${session.username}`, () => api.revokeSession(session.id)),
      addIpRule: (rule) => change(`${rule.action} ${rule.cidr}`, () => api.addIpRule(rule)),
      removeIpRule: (rule) => change(`Remove rule ${rule.action} ${rule.cidr}`, () => api.removeIpRule(rule.id)),
      liftLockout: (lockout) =>
        change(`Lift lockout of ${lockout.kind} ${lockout.key}`, () => api.liftLockout(lockout)),
      async verifyAudit() {
        try {
          set({ auditCheck: await api.verifyAudit() })
        } catch (error) {
          set({ readError: describeError(error) })
        }
      },
    }
  })
}
