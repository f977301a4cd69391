import { readFileSync } from 'node:fs'

/** Descriptors kept for everything but client connections: the database and its WAL, logs, certificates, D-Bus. */
const RESERVED_DESCRIPTORS = 128

/**
 * The process's soft limit on open files, from /proc/self/limits (Linux; undefined elsewhere). Node raises
 * the soft limit to the hard one at start, so this is as high as the OS allows the station to go.
 */
export function descriptorLimit(limitsFile = '/proc/self/limits'): number | undefined {
  try {
    const line = readFileSync(limitsFile, 'utf8')
      .split('\n')
      .find((entry) => entry.startsWith('Max open files'))
    const soft = line?.split(/\s{2,}/)[1]
    return soft === undefined || soft === 'unlimited' ? undefined : Number(soft)
  } catch {
    return undefined
  }
}

/**
 * How many connections the listener may hold: the configured total, lowered to what the descriptor limit
 * leaves after the station's own files, so a flood of connections can never starve the database or the
 * log of descriptors (`EMFILE`). The warning names both numbers and the fix.
 */
export function connectionCapacity(
  configured: number,
  limit = descriptorLimit(),
): { maxConnections: number; warning?: string } {
  if (limit === undefined || configured <= limit - RESERVED_DESCRIPTORS) return { maxConnections: configured }
  const maxConnections = Math.max(16, limit - RESERVED_DESCRIPTORS)
  return {
    maxConnections,
    warning:
      `http.maxConnections ${configured} does not fit the open-file limit ${limit}: accepting at most ` +
      `${maxConnections} connections (raise the limit: LimitNOFILE= in systemd, ulimit -n, docker --ulimit nofile=)`,
  }
}
