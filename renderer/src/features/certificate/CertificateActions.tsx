import { useState, type FormEvent } from 'react'
import { OutcomeNote } from '../../app/OutcomeNote'
import { useChange } from '../../app/use-change'
import { useTls } from '../../store'
import type { Outcome } from '../../store/change-runner'

/** Said before every change of the served certificate. */
export const CHANGE_WARNING =
  'The station serves the new certificate at once. Browsers and instruments that pinned the old one must trust the new one.'

/** A file as base64 (PFX imports travel as JSON). */
async function base64Of(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer())
  let binary = ''
  for (const byte of bytes) binary += String.fromCharCode(byte)
  return btoa(binary)
}

/** Renew, regenerate, import PEM or PFX, order from ACME: each confirmed, each answered with the new status. */
export function CertificateActions() {
  const change = useTls((s) => s.change)
  const { outcome, apply } = useChange()
  const [names, setNames] = useState('')
  const [pem, setPem] = useState({ certPem: '', keyPem: '', chainPem: '', keyPassphrase: '' })
  const [pfx, setPfx] = useState<{ file?: File; password: string }>({ password: '' })
  const [acme, setAcme] = useState({ domains: '', email: '' })
  const list = (text: string) => text.split(/[\s,]+/).filter(Boolean)
  const confirmAnd = (title: string, run: () => Promise<Outcome>) => (event?: FormEvent) => {
    event?.preventDefault()
    void apply({ title, body: CHANGE_WARNING, confirmLabel: 'Go ahead' }, run)
  }
  return (
    <section className="panel" aria-labelledby="cert-actions-title" data-testid="certificate-actions">
      <h2 id="cert-actions-title">Change the certificate</h2>
      <OutcomeNote outcome={outcome} />
      <div className="form-row">
        <button
          type="button"
          className="button"
          onClick={confirmAnd('Renew the certificate now?', () => change('Renew certificate', (tls) => tls.renew()))}
        >
          Renew now
        </button>
      </div>
      <form
        className="form-row"
        onSubmit={confirmAnd('Generate a new self-signed certificate?', () =>
          change('Generate self-signed certificate', (tls) =>
            tls.generateSelfSigned(list(names).length > 0 ? { names: list(names) } : {}),
          ),
        )}
      >
        <label>
          Extra names (DNS or IP, besides localhost and this host)
          <input
            name="names"
            value={names}
            placeholder="lab-station.local 192.168.1.20"
            onChange={(e) => setNames(e.target.value)}
          />
        </label>
        <button type="submit" className="button">
          Generate self-signed
        </button>
      </form>
      <form
        className="form-row form-row--stack"
        onSubmit={confirmAnd('Import this PEM certificate?', () =>
          change('Import PEM certificate', (tls) =>
            tls.importPem({
              certPem: pem.certPem,
              keyPem: pem.keyPem,
              ...(pem.chainPem ? { chainPem: pem.chainPem } : {}),
              ...(pem.keyPassphrase ? { keyPassphrase: pem.keyPassphrase } : {}),
            }),
          ),
        )}
      >
        <strong>Import PEM</strong>
        {(['certPem', 'keyPem', 'chainPem'] as const).map((key) => (
          <label key={key}>
            {key === 'certPem' ? 'Certificate' : key === 'keyPem' ? 'Private key' : 'Chain (optional)'}
            <textarea
              name={key}
              rows={3}
              required={key !== 'chainPem'}
              value={pem[key]}
              onChange={(e) => setPem({ ...pem, [key]: e.target.value })}
            />
          </label>
        ))}
        <label>
          Key passphrase (if encrypted)
          <input
            name="keyPassphrase"
            type="password"
            autoComplete="off"
            value={pem.keyPassphrase}
            onChange={(e) => setPem({ ...pem, keyPassphrase: e.target.value })}
          />
        </label>
        <button type="submit" className="button">
          Import PEM
        </button>
      </form>
      <form
        className="form-row"
        onSubmit={confirmAnd('Import this PFX file?', async () =>
          change('Import PFX certificate', async (tls) =>
            tls.importPfx({ pfxBase64: await base64Of(pfx.file!), password: pfx.password }),
          ),
        )}
      >
        <label>
          PFX / PKCS#12 file
          <input
            name="pfx"
            type="file"
            required
            accept=".pfx,.p12,application/x-pkcs12"
            onChange={(e) => setPfx({ ...pfx, ...(e.target.files?.[0] ? { file: e.target.files[0] } : {}) })}
          />
        </label>
        <label>
          Password
          <input
            name="pfxPassword"
            type="password"
            autoComplete="off"
            value={pfx.password}
            onChange={(e) => setPfx({ ...pfx, password: e.target.value })}
          />
        </label>
        <button type="submit" className="button">
          Import PFX
        </button>
      </form>
      <form
        className="form-row"
        onSubmit={confirmAnd('Order a certificate from the ACME CA?', () =>
          change('ACME order', (tls) =>
            tls.orderAcme({ domains: list(acme.domains), ...(acme.email ? { email: acme.email } : {}) }),
          ),
        )}
      >
        <label>
          Domains (ACME)
          <input
            name="domains"
            required
            value={acme.domains}
            placeholder="station.example.org"
            onChange={(e) => setAcme({ ...acme, domains: e.target.value })}
          />
        </label>
        <label>
          Contact e-mail
          <input
            name="email"
            type="email"
            value={acme.email}
            onChange={(e) => setAcme({ ...acme, email: e.target.value })}
          />
        </label>
        <button type="submit" className="button">
          Order
        </button>
      </form>
    </section>
  )
}
