import { create } from 'zustand'
import { tlsBackupSchema, type TlsBackup, type TlsStatus } from '../../../server/contract/tls'
import { describeError } from '../api/http-client'
import type { StationApi } from '../api/station-api'
import { runChange, type ChangeDeps, type Outcome } from './change-runner'

type TlsActions = StationApi['tls']

export type TlsState = {
  /** undefined until read, or when the station has no TLS status API. */
  status: TlsStatus | undefined
  error: string | undefined
  refresh(): Promise<void>
  /** Runs a certificate change (logged, password re-confirmed when asked); the answer is the new status. */
  change(label: string, call: (actions: TlsActions) => Promise<TlsStatus>): Promise<Outcome>
  /** Exports the certificate and its encrypted key; the caller saves the backup as a file. */
  backup(passphrase: string): Promise<Outcome & { backup?: TlsBackup }>
}

/** The served certificate as the station reports it. */
export function createTlsStore(deps: ChangeDeps & { api: Pick<StationApi, 'tlsStatus' | 'tls' | 'tlsBackup'> }) {
  const { api } = deps
  return create<TlsState>((set) => ({
    status: undefined,
    error: undefined,
    async refresh() {
      try {
        set({ status: await api.tlsStatus(), error: undefined })
      } catch (error) {
        set({ error: describeError(error) })
      }
    },
    async change(label, call) {
      const { value, ...outcome } = await runChange(deps, label, () => call(api.tls))
      if (value) set({ status: value })
      return outcome
    },
    async backup(passphrase) {
      const { value, ...outcome } = await runChange(deps, 'Back up certificate', () => api.tlsBackup(passphrase))
      return value ? { ...outcome, backup: value } : outcome
    },
  }))
}

/** File name of a saved backup: the station's name for it and when it was made, safe on every OS. */
export function backupFilename(backup: Pick<TlsBackup, 'createdAt'>): string {
  return `mfc-station-tls-backup-${backup.createdAt.replace(/[^0-9TZ-]/g, '')}.json`
}

/**
 * Reads a chosen backup file before it goes to the station, so a wrong file is named as such here
 * rather than as a schema error about `backup.format`; the station checks it again.
 */
export function parseBackupFile(text: string): { ok: true; backup: TlsBackup } | { ok: false; reason: string } {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    return { ok: false, reason: 'the file is not JSON; choose a backup this station saved' }
  }
  const parsed = tlsBackupSchema.safeParse(json)
  if (!parsed.success)
    return {
      ok: false,
      reason: `not a station certificate backup (${parsed.error.issues[0]?.path.join('.') || 'file'}: ${parsed.error.issues[0]?.message ?? 'invalid'})`,
    }
  return { ok: true, backup: parsed.data }
}

/** Badge color: fine beyond 30 days, renew soon within, critical within a week or once expired. */
export function certificateLevel(daysLeft: number): 'ok' | 'warn' | 'bad' {
  if (daysLeft <= 7) return 'bad'
  return daysLeft <= 30 ? 'warn' : 'ok'
}
