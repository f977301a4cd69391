import { z } from 'zod'

/** Where the served certificate came from; decides whether the station can renew it by itself. */
export const certificateSources = ['self-signed', 'local-ca', 'imported', 'acme'] as const
export type CertificateSource = (typeof certificateSources)[number]

/** Key types the station generates. ECDSA P-256 is the default: small, fast, universally supported. */
export const keyTypes = ['ec-p256', 'ec-p384', 'rsa-2048', 'rsa-3072'] as const
export type KeyType = (typeof keyTypes)[number]

const isoDate = z.iso.datetime({ offset: true })

/** The facts an operator checks about a certificate (and a browser shows). */
export const certificateInfoSchema = z.object({
  subject: z.string(),
  /** Subject alternative names as "DNS:name" / "IP:address". */
  subjectAltNames: z.array(z.string()),
  issuer: z.string(),
  serialNumber: z.string(),
  /** SHA-256 of the DER certificate, upper-case hex pairs joined by colons. */
  fingerprint256: z.string(),
  /** "ECDSA P-256", "RSA 2048", ... */
  keyType: z.string(),
  keyBits: z.number().int().nonnegative(),
  notBefore: isoDate,
  notAfter: isoDate,
  selfSigned: z.boolean(),
  /** Number of certificates served after the leaf (intermediates). */
  chainLength: z.number().int().nonnegative(),
})
export type CertificateInfo = z.infer<typeof certificateInfoSchema>

export const renewalStatusSchema = z.object({
  /** False for imported certificates: the station can only alert about them. */
  automatic: z.boolean(),
  dueAt: isoDate,
  lastAttemptAt: isoDate.nullable(),
  lastSuccessAt: isoDate.nullable(),
  lastError: z.string().nullable(),
  consecutiveFailures: z.number().int().nonnegative(),
  nextAttemptAt: isoDate.nullable(),
  inProgress: z.boolean(),
})
export type RenewalStatus = z.infer<typeof renewalStatusSchema>

export const tlsAlertKinds = ['expiry', 'renewal-failed', 'reload-failed'] as const
export const tlsAlertSchema = z.object({
  type: z.literal('tls.alert'),
  kind: z.enum(tlsAlertKinds),
  severity: z.enum(['info', 'warning', 'critical']),
  message: z.string(),
  fingerprint256: z.string(),
  daysLeft: z.number(),
  at: isoDate,
})
export type TlsAlert = z.infer<typeof tlsAlertSchema>

/** `GET /api/v1/tls/status`: everything the UI's certificate panel shows. */
export const tlsStatusSchema = z.object({
  source: z.enum(certificateSources),
  certificate: certificateInfoSchema,
  /** Whole days until notAfter, rounded down; negative once expired. */
  daysLeft: z.number().int(),
  renewal: renewalStatusSchema,
  /** Files of an imported certificate that are watched and reloaded when they change. */
  watchedFiles: z.array(z.string()),
  localCa: z.object({ fingerprint256: z.string(), notAfter: isoDate }).nullable(),
  acme: z.object({ directoryUrl: z.string(), domains: z.array(z.string()), email: z.string().nullable() }).nullable(),
  /** The most recent alerts, newest first. */
  alerts: z.array(tlsAlertSchema),
})
export type TlsStatus = z.infer<typeof tlsStatusSchema>

const pem = z
  .string()
  .min(1)
  .max(64 * 1024)
const subjectName = z.string().min(1).max(253)

export const generateSelfSignedRequestSchema = z
  .object({
    keyType: z.enum(keyTypes).optional(),
    /** 825 days is the longest validity Apple platforms accept for a TLS server certificate. */
    validityDays: z.number().int().min(1).max(825).optional(),
    /** Extra DNS names or IP addresses besides localhost, 127.0.0.1, ::1 and the host name. */
    names: z.array(subjectName).max(100).optional(),
    /** Issue from the station's own CA so remote machines trust the CA once and survive renewals. */
    localCa: z.boolean().optional(),
  })
  .strict()
export type GenerateSelfSignedRequest = z.infer<typeof generateSelfSignedRequestSchema>

export const importPemRequestSchema = z
  .object({ certPem: pem, keyPem: pem, chainPem: pem.optional(), keyPassphrase: z.string().max(1024).optional() })
  .strict()
export type ImportPemRequest = z.infer<typeof importPemRequestSchema>

export const importPfxRequestSchema = z
  .object({
    pfxBase64: z
      .string()
      .min(1)
      .max(96 * 1024)
      .regex(/^[A-Za-z0-9+/=\s]+$/, 'expected base64'),
    password: z.string().max(1024),
  })
  .strict()
export type ImportPfxRequest = z.infer<typeof importPfxRequestSchema>

/** Import by path on the station's machine: the files are watched and reloaded when they change. */
export const importFilesRequestSchema = z.union([
  z
    .object({
      certFile: z.string().min(1),
      keyFile: z.string().min(1),
      chainFile: z.string().min(1).optional(),
      keyPassphrase: z.string().max(1024).optional(),
    })
    .strict(),
  z.object({ pfxFile: z.string().min(1), password: z.string().max(1024) }).strict(),
])
export type ImportFilesRequest = z.infer<typeof importFilesRequestSchema>

export const acmeOrderRequestSchema = z
  .object({
    domains: z.array(subjectName).min(1).max(100),
    email: z.email().optional(),
    /** RFC 8555 directory URL; the configured one (Let's Encrypt staging by default) when absent. */
    directoryUrl: z.url().optional(),
  })
  .strict()
export type AcmeOrderRequest = z.infer<typeof acmeOrderRequestSchema>

/** Passphrases protect exported keys; 12 characters is a floor, not a recommendation. */
const passphrase = z.string().min(12).max(1024)

export const tlsBackupSchema = z
  .object({
    format: z.literal('mfc-station-tls-backup'),
    version: z.literal(1),
    createdAt: isoDate,
    source: z.enum(certificateSources),
    certPem: pem,
    /** PKCS#8, encrypted with AES-256-CBC under the backup passphrase. */
    encryptedKeyPem: pem,
    localCa: z.object({ certPem: pem, encryptedKeyPem: pem }).strict().optional(),
  })
  .strict()
export type TlsBackup = z.infer<typeof tlsBackupSchema>

export const backupRequestSchema = z.object({ passphrase }).strict()
export const restoreRequestSchema = z.object({ backup: tlsBackupSchema, passphrase }).strict()
export type RestoreRequest = z.infer<typeof restoreRequestSchema>
