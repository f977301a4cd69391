import { describe, expect, it } from 'vitest'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ConfigError, loadConfig } from './load.js'

function configFile(content: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'mfc-config-'))
  const path = join(dir, 'config.json')
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content))
  return path
}

const noFile = () => false

describe('loadConfig precedence: defaults < file < env < flags', () => {
  it('uses the defaults when nothing is set', () => {
    const config = loadConfig({ env: { HOME: '/home/op' }, fileExists: noFile })
    expect(config.host).toBe('127.0.0.1')
    expect(config.port).toBe(8443)
    expect(config.sim).toEqual({ tickHz: 10, speed: 600, autoStart: true })
    expect(config.logLevel).toBe('info')
  })

  it('lets the file override defaults, env override the file, and flags override env', () => {
    const file = configFile({ port: 9000, host: '0.0.0.0', sim: { tickHz: 5, speed: 10 } })
    const fromFile = loadConfig({ configFile: file, env: {} })
    expect(fromFile).toMatchObject({ port: 9000, host: '0.0.0.0', sim: { tickHz: 5, speed: 10 } })

    const fromEnv = loadConfig({ configFile: file, env: { MFC_PORT: '9100', MFC_SIM_TICK_HZ: '20' } })
    expect(fromEnv).toMatchObject({ port: 9100, host: '0.0.0.0', sim: { tickHz: 20, speed: 10 } })

    const fromFlags = loadConfig({
      configFile: file,
      env: { MFC_PORT: '9100' },
      flags: { port: 9200, sim: { speed: 1 } },
    })
    expect(fromFlags).toMatchObject({ port: 9200, host: '0.0.0.0', sim: { tickHz: 5, speed: 1 } })
  })

  it('accepts the reference system name MFC_HTTPS_API_PORT, with MFC_PORT taking precedence', () => {
    expect(loadConfig({ env: { MFC_HTTPS_API_PORT: '8600' }, fileExists: noFile }).port).toBe(8600)
    expect(loadConfig({ env: { MFC_HTTPS_API_PORT: '8600', MFC_PORT: '8700' }, fileExists: noFile }).port).toBe(8700)
  })

  it('reads config.json from the data dir when no file is named', () => {
    const file = configFile({ logLevel: 'debug' })
    const dataDir = join(file, '..')
    expect(loadConfig({ env: { MFC_DATA_DIR: dataDir } }).logLevel).toBe('debug')
    expect(loadConfig({ env: { MFC_CONFIG: file } }).logLevel).toBe('debug')
  })

  it('resolves the data dir to an absolute path', () => {
    expect(loadConfig({ flags: { dataDir: 'relative/dir' }, env: {}, fileExists: noFile }).dataDir).toMatch(
      /^\/.*relative\/dir$/,
    )
  })
})

describe('loadConfig errors name the key and what it accepts', () => {
  const cases: Array<[string, () => unknown, RegExp]> = [
    ['port out of range', () => loadConfig({ flags: { port: 70000 }, env: {}, fileExists: noFile }), /port: .*65535/],
    [
      'env port not a number',
      () => loadConfig({ env: { MFC_PORT: 'eighty' }, fileExists: noFile }),
      /MFC_PORT: expected a number, got "eighty"/,
    ],
    [
      'unknown log level',
      () => loadConfig({ flags: { logLevel: 'loud' }, env: {}, fileExists: noFile }),
      /logLevel: .*"error"\|"warn"\|"info"\|"verbose"\|"debug"/,
    ],
    [
      'unknown key in file',
      () => loadConfig({ configFile: configFile({ prot: 1 }), env: {} }),
      /unknown key\(s\) "prot"/,
    ],
    [
      'unknown nested key',
      () => loadConfig({ configFile: configFile({ sim: { hz: 1 } }), env: {} }),
      /unknown key\(s\) "hz" in sim/,
    ],
    ['invalid JSON file', () => loadConfig({ configFile: configFile('{ port: 1'), env: {} }), /is not valid JSON/],
    [
      'missing file',
      () => loadConfig({ configFile: '/nonexistent/mfc.json', env: {} }),
      /cannot read config file \/nonexistent\/mfc.json: ENOENT/,
    ],
    ['zero tick rate', () => loadConfig({ flags: { sim: { tickHz: 0 } }, env: {}, fileExists: noFile }), /sim.tickHz/],
  ]
  it.each(cases)('%s', (_name, load, message) => {
    expect(load).toThrow(ConfigError)
    expect(load).toThrow(message)
  })
})

describe('security section', () => {
  it('has documented defaults', () => {
    const { security } = loadConfig({ env: {}, fileExists: noFile })
    expect(security).toMatchObject({
      secrets: 'auto',
      allowedHosts: [],
      trustProxy: [],
      neverBan: ['127.0.0.0/8', '::1/128'],
      sessionIdleMinutes: 30,
      sessionMaxHours: 12,
      reauthMinutes: 5,
    })
    expect(security.rateLimit).toEqual({
      windowSeconds: 60,
      anonymous: 60,
      authenticated: 1200,
      auth: 10,
      accessRequests: 5,
    })
    expect(security.lockout).toEqual({
      accountMaxFailures: 5,
      ipMaxFailures: 20,
      baseLockSeconds: 60,
      maxLockSeconds: 3600,
    })
    expect(security.adminPassword).toBeUndefined()
  })

  it('reads MFC_* security variables, including the reference names MFC_ADMIN_PASSWORD and MFC_API_TOKEN', () => {
    const { security } = loadConfig({
      env: {
        MFC_SECRETS: 'keychain',
        MFC_TRUST_PROXY: '10.0.0.1, fd00::/8',
        MFC_ALLOWED_HOSTS: 'lab.example.org',
        MFC_SESSION_IDLE_MINUTES: '15',
        MFC_RATE_LIMIT_ANONYMOUS: '30',
        MFC_ADMIN_PASSWORD: 'a long admin password',
        MFC_API_TOKEN: 'reference-token-0123456789',
      },
      fileExists: noFile,
    })
    expect(security).toMatchObject({
      secrets: 'keychain',
      trustProxy: ['10.0.0.1', 'fd00::/8'],
      allowedHosts: ['lab.example.org'],
      sessionIdleMinutes: 15,
      adminPassword: 'a long admin password',
      apiToken: 'reference-token-0123456789',
    })
    expect(security.rateLimit.anonymous).toBe(30)
  })

  it.each([
    [{ MFC_SECRETS: 'vault' }, /security.secrets: .*"auto"\|"keychain"\|"file"/],
    [
      { MFC_TRUST_PROXY: '10.0.0.0/33' },
      /security.trustProxy\[0\]|security.trustProxy.0: expected an IP address or CIDR/,
    ],
    [{ MFC_ADMIN_PASSWORD: 'short' }, /security.adminPassword/],
  ])('rejects %j naming the key, never echoing a password', (env, message) => {
    const load = () => loadConfig({ env, fileExists: noFile })
    expect(load).toThrow(message)
    try {
      load()
    } catch (error) {
      expect((error as Error).message).not.toContain('short"')
    }
  })
})

describe('tls section', () => {
  it("defaults to a self-signed ECDSA P-256 certificate valid 365 days, Let's Encrypt production for ACME on port 80", () => {
    const { tls } = loadConfig({ env: {}, fileExists: noFile })
    expect(tls).toMatchObject({ source: 'self-signed', keyType: 'ec-p256', validityDays: 365, names: [] })
    expect(tls.acme).toMatchObject({
      directoryUrl: 'https://acme-v02.api.letsencrypt.org/directory',
      challengePort: 80,
      domains: [],
    })
    expect(tls.alerts.days).toEqual([30, 14, 7, 1])
  })

  it('takes the reference names MFC_SSL_DOMAIN, MFC_SSL_EMAIL and MFC_SSL_USE_LETSENCRYPT', () => {
    const { tls } = loadConfig({
      env: {
        MFC_SSL_DOMAIN: 'lab.example.org, mfc.example.org',
        MFC_SSL_EMAIL: 'ops@example.org',
        MFC_SSL_USE_LETSENCRYPT: 'true',
      },
      fileExists: noFile,
    })
    expect(tls.source).toBe('acme')
    expect(tls.acme).toMatchObject({ domains: ['lab.example.org', 'mfc.example.org'], email: 'ops@example.org' })
    expect(tls.names).toEqual(['lab.example.org', 'mfc.example.org'])
    expect(
      loadConfig({ env: { MFC_SSL_DOMAIN: 'lab.example.org', MFC_SSL_USE_LETSENCRYPT: 'false' }, fileExists: noFile })
        .tls.source,
    ).toBe('self-signed')
  })

  it('lets MFC_TLS_* override the file and merges nested sections key by key', () => {
    const file = configFile({ tls: { keyType: 'rsa-3072', acme: { challengePort: 8080, domains: ['a.example.org'] } } })
    const { tls } = loadConfig({
      configFile: file,
      env: { MFC_TLS_KEY_TYPE: 'ec-p384', MFC_TLS_ACME_DIRECTORY: 'https://acme.lab/dir', MFC_TLS_VALIDITY_DAYS: '90' },
    })
    expect(tls).toMatchObject({
      keyType: 'ec-p384',
      validityDays: 90,
      acme: { challengePort: 8080, domains: ['a.example.org'], directoryUrl: 'https://acme.lab/dir' },
    })
  })

  it.each([
    [
      'a bad boolean',
      { MFC_SSL_USE_LETSENCRYPT: 'maybe' },
      /MFC_SSL_USE_LETSENCRYPT: expected true or false, got "maybe"/,
    ],
    [
      'ACME without a domain',
      { MFC_TLS_SOURCE: 'acme' },
      /tls\.acme\.domains: source "acme" needs at least one domain/,
    ],
    [
      'an import without files',
      { MFC_TLS_SOURCE: 'imported' },
      /tls\.source: source "imported" needs certFile and keyFile, or pfxFile/,
    ],
    ['an unknown key type', { MFC_TLS_KEY_TYPE: 'dsa' }, /tls\.keyType: .*"ec-p256"/],
    ['validity over 825 days', { MFC_TLS_VALIDITY_DAYS: '900' }, /tls\.validityDays: .*825/],
  ])('refuses %s with the key named', (_name, env, message) => {
    expect(() => loadConfig({ env, fileExists: noFile })).toThrow(message)
  })
})
