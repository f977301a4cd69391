import { describe, expect, it } from 'vitest'
import type { TlsAlert } from '../contract/tls.js'
import { createMemorySecretStore } from '../secrets/secret-store.js'
import { createEmailNotifier, createWebhookNotifier, notifiersFromConfig } from './alert-notifiers.js'
import { tlsConfig } from './testing/material.js'

const alert: TlsAlert = {
  type: 'tls.alert',
  kind: 'renewal-failed',
  severity: 'critical',
  message: 'renewal failed: connection refused',
  fingerprint256: 'AB:CD',
  daysLeft: 2,
  at: '2026-01-01T00:00:00.000Z',
}

describe('TLS alert notifiers', () => {
  it('posts the alert as JSON to the webhook and treats a non-2xx answer as a failed delivery', async () => {
    const calls: Array<{ url: string; body: unknown }> = []
    const fetchOk = (async (url: string, init: RequestInit) => {
      calls.push({ url, body: JSON.parse(String(init.body)) })
      return new Response(null, { status: 204 })
    }) as unknown as typeof fetch
    await createWebhookNotifier('https://hooks.example/tls', fetchOk).notify(alert)
    expect(calls).toEqual([{ url: 'https://hooks.example/tls', body: alert }])
    const fetch500 = (async () => new Response(null, { status: 500 })) as unknown as typeof fetch
    await expect(createWebhookNotifier('https://hooks.example/tls', fetch500).notify(alert)).rejects.toThrow(
      /answered 500/,
    )
  })

  it('mails the alert with the SMTP password read from the SecretStore', async () => {
    const sent: unknown[] = []
    const passwords: Array<string | undefined> = []
    const notifier = createEmailNotifier(
      {
        host: 'smtp.example',
        port: 587,
        secure: false,
        user: 'station',
        from: 'station@example.org',
        to: ['ops@example.org'],
      },
      createMemorySecretStore({ 'smtp-password': 's3cret' }),
      (password) => {
        passwords.push(password)
        return async (message) => sent.push(message)
      },
    )
    await notifier.notify(alert)
    expect(passwords).toEqual(['s3cret'])
    expect(sent).toEqual([
      expect.objectContaining({
        to: ['ops@example.org'],
        subject: '[MFC Station] TLS critical: renewal-failed',
        text: expect.stringMatching(/renewal failed: connection refused/),
      }),
    ])
  })

  it('builds only the notifiers the configuration asks for', () => {
    expect(notifiersFromConfig(tlsConfig().alerts, createMemorySecretStore())).toEqual([])
    const both = notifiersFromConfig(
      tlsConfig({
        alerts: {
          webhookUrl: 'https://hooks.example/x',
          email: { host: 'smtp.example', from: 'a@example.org', to: ['b@example.org'] },
        },
      }).alerts,
      createMemorySecretStore(),
    )
    expect(both.map((notifier) => notifier.name)).toEqual(['webhook hooks.example', 'email b@example.org'])
  })
})
