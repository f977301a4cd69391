import { createTransport } from 'nodemailer'
import type { TlsConfig } from '../config/tls-schema.js'
import type { TlsAlert } from '../contract/tls.js'
import type { SecretStore } from '../secrets/secret-store.js'

/** One way an alert leaves the station (besides the log, the stream and health, which the manager feeds). */
export type AlertNotifier = { name: string; notify(alert: TlsAlert): Promise<void> }

/** POSTs the alert as JSON; a non-2xx answer counts as a failed delivery. */
export function createWebhookNotifier(url: string, fetchImpl: typeof fetch = fetch, timeoutMs = 10_000): AlertNotifier {
  return {
    name: `webhook ${new URL(url).host}`,
    async notify(alert) {
      const res = await fetchImpl(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(alert),
        signal: AbortSignal.timeout(timeoutMs),
      })
      if (!res.ok) throw new Error(`webhook answered ${res.status}`)
    },
  }
}

type MailSettings = NonNullable<TlsConfig['alerts']['email']>
type SendMail = (message: { from: string; to: string[]; subject: string; text: string }) => Promise<unknown>

/** SMTP mail through nodemailer; the password is read from the SecretStore for each message, never kept. */
export function createEmailNotifier(
  settings: MailSettings,
  secrets: SecretStore,
  transportFor: (password: string | undefined) => SendMail = defaultTransport(settings),
): AlertNotifier {
  return {
    name: `email ${settings.to.join(', ')}`,
    async notify(alert) {
      const send = transportFor(await secrets.get('smtp-password'))
      await send({
        from: settings.from,
        to: settings.to,
        subject: `[MFC Station] TLS ${alert.severity}: ${alert.kind}`,
        text: `${alert.message}\n\nCertificate SHA-256 ${alert.fingerprint256}\nDays left: ${alert.daysLeft}\nAt: ${alert.at}\n`,
      })
    },
  }
}

function defaultTransport(settings: MailSettings): (password: string | undefined) => SendMail {
  return (password) => {
    const transport = createTransport({
      host: settings.host,
      port: settings.port,
      secure: settings.secure,
      // STARTTLS is required on a non-implicit-TLS port: alert mail names the station's hosts.
      requireTLS: !settings.secure,
      ...(settings.user ? { auth: { user: settings.user, pass: password ?? '' } } : {}),
    })
    return async (message) => {
      try {
        return await transport.sendMail(message)
      } finally {
        transport.close()
      }
    }
  }
}

/** The notifiers the `tls.alerts` settings ask for. */
export function notifiersFromConfig(alerts: TlsConfig['alerts'], secrets: SecretStore): AlertNotifier[] {
  return [
    ...(alerts.webhookUrl ? [createWebhookNotifier(alerts.webhookUrl)] : []),
    ...(alerts.email ? [createEmailNotifier(alerts.email, secrets)] : []),
  ]
}
