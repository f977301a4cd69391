import { createServer, type Server } from 'node:http'
import { Agent } from 'node:https'
import { rootCertificates } from 'node:tls'
import acme from 'acme-client'
import type { KeyType } from '../contract/tls.js'
import type { Logger } from '../logger.js'
import type { SecretStore } from '../secrets/secret-store.js'
import type { PemPair } from './self-signed.js'

export type AcmeOrder = {
  directoryUrl: string
  domains: readonly string[]
  email: string | null
  keyType: KeyType
  /** The account from an earlier order with the same key; without it acme-client re-registers, which strict servers refuse. */
  accountUrl: string | null
}
export type AcmeIssued = PemPair & { accountUrl: string }
/** Orders one certificate from an RFC 8555 server; injected so the manager can be tested without one. */
export type AcmeIssuer = (order: AcmeOrder) => Promise<AcmeIssued>

export type AcmeIssuerDeps = {
  secrets: SecretStore
  log: Logger
  /** Where HTTP-01 challenges are answered; the CA connects to port 80 of each domain unless a proxy forwards. */
  challengePort: number
  challengeHost: string
  /** Extra CA (PEM) to trust for a private ACME server's HTTPS, on top of Node's bundled roots. */
  directoryCaPem?: string
}

const CHALLENGE_PREFIX = '/.well-known/acme-challenge/'

/** The HTTP-01 responder (RFC 8555 8.3): answers only the tokens of the order in progress. */
async function startChallengeServer(host: string, port: number, tokens: ReadonlyMap<string, string>): Promise<Server> {
  const server = createServer((req, res) => {
    const path = req.url ?? ''
    const keyAuthorization = path.startsWith(CHALLENGE_PREFIX)
      ? tokens.get(path.slice(CHALLENGE_PREFIX.length))
      : undefined
    if (req.method !== 'GET' || keyAuthorization === undefined) {
      res.writeHead(404).end()
      return
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(keyAuthorization)
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(new Error(`cannot answer ACME HTTP-01 challenges on ${host}:${port}: ${error.code ?? error.message}`)),
    )
    server.listen(port, host, () => resolve())
  })
  return server
}

function privateKeyFor(keyType: KeyType): Promise<Buffer> {
  switch (keyType) {
    case 'ec-p256':
      return acme.crypto.createPrivateEcdsaKey('P-256')
    case 'ec-p384':
      return acme.crypto.createPrivateEcdsaKey('P-384')
    case 'rsa-2048':
      return acme.crypto.createPrivateRsaKey(2048)
    case 'rsa-3072':
      return acme.crypto.createPrivateRsaKey(3072)
  }
}

/** The account key lives in the SecretStore; the first order creates it (and so a new account). */
async function accountKey(secrets: SecretStore): Promise<{ key: string; created: boolean }> {
  const existing = await secrets.get('acme-account-key')
  if (existing) return { key: existing, created: false }
  const created = (await acme.crypto.createPrivateEcdsaKey('P-256')).toString()
  await secrets.set('acme-account-key', created)
  return { key: created, created: true }
}

/** An AcmeIssuer backed by acme-client with an HTTP-01 responder that lives only while an order runs. */
export function createAcmeIssuer(deps: AcmeIssuerDeps): AcmeIssuer {
  if (deps.directoryCaPem) {
    // acme-client talks through one shared axios instance, so trust is process-wide; it only adds a
    // CA to Node's bundled roots (never removes verification), which is why setting it here is safe.
    acme.axios.defaults.httpsAgent = new Agent({ ca: [...rootCertificates, deps.directoryCaPem] })
  }
  return async (order) => {
    const account = await accountKey(deps.secrets)
    const accountUrl = !account.created && order.accountUrl ? { accountUrl: order.accountUrl } : {}
    const client = new acme.Client({ directoryUrl: order.directoryUrl, accountKey: account.key, ...accountUrl })
    const keyPem = await privateKeyFor(order.keyType)
    const [, csr] = await acme.crypto.createCsr({ commonName: order.domains[0]!, altNames: [...order.domains] }, keyPem)
    const tokens = new Map<string, string>()
    const server = await startChallengeServer(deps.challengeHost, deps.challengePort, tokens)
    try {
      deps.log.info(`ACME: ordering a certificate for ${order.domains.join(', ')} from ${order.directoryUrl}`)
      const certPem = await client.auto({
        csr,
        ...(order.email ? { email: order.email } : {}),
        termsOfServiceAgreed: true,
        challengePriority: ['http-01'],
        // acme-client would first fetch the challenge itself over the domain's DNS and port 80, which
        // fails behind NAT, on a custom challenge port and on lab networks without public DNS; the
        // CA's own validation is the one that counts and its error is reported just as clearly.
        skipChallengeVerification: true,
        challengeCreateFn: async (_authz, challenge, keyAuthorization) => {
          tokens.set(challenge.token, keyAuthorization)
        },
        challengeRemoveFn: async (_authz, challenge) => {
          tokens.delete(challenge.token)
        },
      })
      return { keyPem: keyPem.toString(), certPem, accountUrl: client.getAccountUrl() }
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  }
}
