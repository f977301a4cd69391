import { z } from 'zod'

const seconds = (max: number, fallback: number) => z.number().min(1).max(max).default(fallback)

/**
 * Connection limits of the HTTPS listener (config key `http`, docs/security.md "Limits"): every phase of a
 * connection has a deadline, one address cannot hold more than its share, and the whole listener stays below
 * the process's descriptor limit, so slow or hostile clients cost bounded resources.
 */
export const httpConfigSchema = z
  .object({
    /** Open connections in total (the stream's included); capped below the process's descriptor limit. */
    maxConnections: z.number().int().min(16).max(1_000_000).default(4096),
    /** Open connections per client address (the stream's included); trusted proxies count only in the total. */
    maxConnectionsPerIp: z.number().int().min(1).max(100_000).default(512),
    /** A TLS handshake must complete within this long. */
    handshakeTimeoutSeconds: seconds(300, 10),
    /** A connection with no bytes in either direction for this long is closed (before its first request too). */
    idleTimeoutSeconds: seconds(3600, 30),
    /** The whole header block of a request must arrive within this long (408 otherwise). */
    headersTimeoutSeconds: seconds(300, 10),
    /** The whole request, body included, must arrive within this long (408 otherwise). */
    requestTimeoutSeconds: seconds(3600, 30),
    /** An idle keep-alive connection is closed after this long. */
    keepAliveTimeoutSeconds: seconds(600, 5),
    /** Largest request body; a larger Content-Length is refused with 413 before any of it is read. */
    maxBodyKb: z.number().int().min(1).max(10_240).default(100),
  })
  .strict()
  .refine((http) => http.headersTimeoutSeconds <= http.requestTimeoutSeconds, {
    message: 'must not be longer than http.requestTimeoutSeconds',
    path: ['headersTimeoutSeconds'],
  })

export type HttpConfig = z.infer<typeof httpConfigSchema>
