import { z } from 'zod'
import { parseCidr } from './cidr.js'
import { secretBackendModes } from '../secrets/open-secret-store.js'

const cidr = z
  .string()
  .refine((value) => parseCidr(value) !== undefined, 'expected an IP address or CIDR such as 10.0.0.0/8 or fd00::/8')
const hostName = z
  .string()
  .min(1)
  .max(253)
  .regex(/^[A-Za-z0-9.:[\]-]+$/, 'expected a host name or IP address')

/** The `security` section: secrets backend, host/IP rules, proxies, sessions, rate limits, lockout. */
export const securityConfigSchema = z
  .object({
    /** auto: OS keychain, else a loud 0600 file fallback; keychain: refuse to start without one; file: always the file. */
    secrets: z.enum(secretBackendModes).default('auto'),
    /** Extra names the Host header may carry (a reverse proxy's public name, a DNS name of this machine). */
    allowedHosts: z.array(hostName).default([]),
    /** Reverse proxies whose X-Forwarded-For is believed (addresses or CIDRs); empty = off. */
    trustProxy: z.array(cidr).default([]),
    /** Client addresses that are never banned, locked out or refused by IP rules (the owner at the machine). */
    neverBan: z.array(cidr).default(['127.0.0.0/8', '::1/128']),
    sessionIdleMinutes: z
      .number()
      .int()
      .min(1)
      .max(24 * 60)
      .default(30),
    sessionMaxHours: z
      .number()
      .min(1)
      .max(24 * 30)
      .default(12),
    /** Hazardous actions need a password entry within this many minutes (cookie sessions). */
    reauthMinutes: z.number().int().min(1).max(60).default(5),
    rateLimit: z
      .object({
        windowSeconds: z.number().int().min(1).max(3600).default(60),
        /** Requests per window per client IP without credentials. */
        anonymous: z.number().int().min(1).default(60),
        /** Requests per window per session or token. */
        authenticated: z.number().int().min(1).default(1200),
        /** Login, setup and re-auth attempts per window per IP. */
        auth: z.number().int().min(1).default(10),
        /** New access requests per window per IP. */
        accessRequests: z.number().int().min(1).default(5),
      })
      .strict()
      .prefault({}),
    lockout: z
      .object({
        accountMaxFailures: z.number().int().min(1).default(5),
        ipMaxFailures: z.number().int().min(1).default(20),
        baseLockSeconds: z.number().int().min(1).default(60),
        maxLockSeconds: z.number().int().min(1).default(3600),
      })
      .strict()
      .prefault({}),
    /** Pending access requests one client may hold (loopback counts as one client). */
    accessRequestsPerClient: z.number().int().min(1).max(50).default(5),
    accessRequestMinutes: z
      .number()
      .int()
      .min(1)
      .max(24 * 60)
      .default(10),
    /** First admin's password (MFC_ADMIN_PASSWORD), used only while no admin exists. Never logged. */
    adminPassword: z.string().min(10).max(1024).optional(),
    /** Reference-compatible static token (MFC_API_TOKEN), registered with the operator role. Never logged. */
    apiToken: z.string().min(16).max(256).optional(),
    /** Whether MFC_API_TOKEN may perform hazardous actions (stop or reset a run, inject faults): off by default. */
    apiTokenHazardous: z.boolean().default(false),
  })
  .strict()
export type SecurityConfig = z.infer<typeof securityConfigSchema>
