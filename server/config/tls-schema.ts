import { z } from 'zod'
import { certificateSources, keyTypes } from '../contract/tls.js'

/** Let's Encrypt's production directory: the ACME default, as in Caddy; staging is an explicit choice. */
export const LETSENCRYPT_DIRECTORY = 'https://acme-v02.api.letsencrypt.org/directory'

const nonEmpty = z.string().min(1)

/** The `tls` section: certificate source, names, ACME, renewal alerts. */
export const tlsConfigSchema = z
  .object({
    /**
     * The certificate source to apply at start. `self-signed` (the default) keeps whatever the
     * operator chose last through the API; the others are applied on every start.
     */
    source: z.enum(certificateSources).default('self-signed'),
    /** Extra DNS names / IP addresses for generated certificates and the doctor's name check. */
    names: z.array(nonEmpty).default([]),
    keyType: z.enum(keyTypes).default('ec-p256'),
    validityDays: z.number().int().min(1).max(825).default(365),
    /** An imported certificate (source "imported"): PEM files or a PFX; watched and reloaded on change. */
    certFile: nonEmpty.optional(),
    keyFile: nonEmpty.optional(),
    chainFile: nonEmpty.optional(),
    pfxFile: nonEmpty.optional(),
    acme: z
      .object({
        directoryUrl: z.url().default(LETSENCRYPT_DIRECTORY),
        domains: z.array(nonEmpty).default([]),
        email: z.email().optional(),
        /** HTTP-01 challenges are answered on this port (80 unless a proxy forwards another one). */
        challengePort: z.number().int().min(0).max(65535).default(80),
        challengeHost: nonEmpty.default('0.0.0.0'),
        /** PEM CA bundle to trust for a private ACME server's own HTTPS (e.g. a lab CA, pebble). */
        caFile: nonEmpty.optional(),
      })
      .strict()
      .prefault({}),
    alerts: z
      .object({
        days: z.array(z.number().int().min(0).max(365)).default([30, 14, 7, 1]),
        webhookUrl: z.url().optional(),
        /** SMTP delivery of alerts; the password is the SecretStore's "smtp-password". */
        email: z
          .object({
            host: nonEmpty,
            port: z.number().int().min(1).max(65535).default(587),
            secure: z.boolean().default(false),
            user: nonEmpty.optional(),
            from: z.email(),
            to: z.array(z.email()).min(1),
          })
          .strict()
          .optional(),
      })
      .strict()
      .prefault({}),
  })
  .strict()
  .superRefine((tls, ctx) => {
    if (tls.source === 'imported' && !tls.pfxFile && !(tls.certFile && tls.keyFile)) {
      ctx.addIssue({
        code: 'custom',
        path: ['source'],
        message: 'source "imported" needs certFile and keyFile, or pfxFile',
      })
    }
    if (tls.source === 'acme' && tls.acme.domains.length === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['acme', 'domains'],
        message: 'source "acme" needs at least one domain (MFC_SSL_DOMAIN)',
      })
    }
  })

export type TlsConfig = z.infer<typeof tlsConfigSchema>
