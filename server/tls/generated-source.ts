import type { Clock } from '../clock.js'
import type { TlsConfig } from '../config/tls-schema.js'
import type { GenerateSelfSignedRequest } from '../contract/tls.js'
import type { Logger } from '../logger.js'
import { CertificateRejected } from './certificate-checks.js'
import { describeCertificate, inspectCertificate, type ServerCertificate } from './certificate.js'
import {
  defaultSubjectNames,
  generateLocalCa,
  generateSelfSigned,
  isUsableCa,
  keyTypeOf,
  type PemPair,
} from './self-signed.js'
import type { TlsFiles } from './tls-files.js'
import type { StateKeeper } from './tls-state.js'

/** The sources the station makes itself, and so can always renew. */
export type GeneratedKind = 'self-signed' | 'local-ca'

/** Self-signed certificates and the station's own CA, which issues the `local-ca` ones. */
export type GeneratedSource = {
  generate(kind: GeneratedKind): Promise<ServerCertificate>
  localCa(): PemPair | undefined
  /** Takes the operator's settings for generated certificates; refuses a key type the local CA cannot issue. */
  configure(request: GenerateSelfSignedRequest): void
  /** Makes a CA from a backup the station's own (checked by the caller). */
  adoptCa(ca: PemPair): Promise<void>
}

/** True for the sources the station generates. */
export const isGenerated = (source: string): source is GeneratedKind =>
  source === 'self-signed' || source === 'local-ca'

/** Reads the local CA (if any) from the data dir; it is created on the first `local-ca` certificate. */
export async function createGeneratedSource(deps: {
  files: TlsFiles
  state: StateKeeper
  clock: Clock
  log: Logger
  config: TlsConfig
  hostName?: string
}): Promise<GeneratedSource> {
  const { files, state, clock } = deps
  let localCa = await files.readPair('ca')
  const settings = () => state.get().selfSigned

  async function ensureLocalCa(): Promise<PemPair> {
    // A CA that expires before a certificate it would issue is replaced first.
    if (localCa && isUsableCa(localCa, clock.now() + settings().validityDays * 86_400_000)) return localCa
    localCa = await generateLocalCa({
      now: new Date(clock.now()),
      keyType: settings().keyType,
      ...(deps.hostName ? { host: deps.hostName } : {}),
    })
    await files.writePair('ca', localCa)
    deps.log.info(`created the station's local CA, SHA-256 ${inspectCertificate(localCa.certPem).fingerprint256}`)
    return localCa
  }

  return {
    async generate(kind) {
      const issuer = kind === 'local-ca' ? await ensureLocalCa() : undefined
      const pair = await generateSelfSigned({
        // Generated certificates cover the defaults, the configured names and the names last asked for.
        names: defaultSubjectNames([...deps.config.names, ...settings().names], deps.hostName),
        now: new Date(clock.now()),
        keyType: settings().keyType,
        validityDays: settings().validityDays,
        ...(issuer ? { issuer } : {}),
      })
      return describeCertificate(pair.keyPem, pair.certPem)
    },
    localCa: () => localCa,
    configure(request) {
      if (request.localCa && localCa && request.keyType && keyTypeOf(localCa.keyPem) !== request.keyType) {
        throw new CertificateRejected([
          `the local CA has a ${keyTypeOf(localCa.keyPem)} key and issues certificates of that type only`,
        ])
      }
      const current = settings()
      state.update({
        selfSigned: {
          keyType: request.keyType ?? current.keyType,
          validityDays: request.validityDays ?? current.validityDays,
          names: request.names ?? current.names,
        },
      })
    },
    async adoptCa(ca) {
      localCa = ca
      await files.writePair('ca', ca)
    },
  }
}
