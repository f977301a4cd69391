import { describe, expect, it } from 'vitest'
import { explainConfig } from './explain.js'

describe('explainConfig', () => {
  it('names the layer behind every key: flag over env over file over default, secrets masked', () => {
    const files: Record<string, string> = {}
    const { entries } = explainConfig({
      flags: { dataDir: '/data', port: 9000 },
      env: {
        MFC_PORT: '9100',
        MFC_ADMIN_PASSWORD: 'an admin password',
        MFC_TLS_ALERT_WEBHOOK: 'https://user:pw@hooks.example/alert',
        MFC_SSL_DOMAIN: 'station.lab',
      },
      fileExists: (path) => path in files,
    })
    const byKey = new Map(entries.map((entry) => [entry.key, entry]))
    expect(byKey.get('port')).toEqual({ key: 'port', value: 9000, source: 'flag' })
    expect(byKey.get('security.adminPassword')).toEqual({
      key: 'security.adminPassword',
      value: '********',
      source: 'env MFC_ADMIN_PASSWORD',
    })
    expect(byKey.get('tls.alerts.webhookUrl')?.value).toBe('https://********@hooks.example/alert')
    // One variable may set two keys; each names it.
    expect(byKey.get('tls.names')).toMatchObject({ value: ['station.lab'], source: 'env MFC_SSL_DOMAIN' })
    expect(byKey.get('tls.acme.domains')).toMatchObject({ source: 'env MFC_SSL_DOMAIN' })
    expect(byKey.get('logLevel')).toEqual({ key: 'logLevel', value: 'info', source: 'default' })
    expect(JSON.stringify(entries)).not.toContain('an admin password')
  })
})
