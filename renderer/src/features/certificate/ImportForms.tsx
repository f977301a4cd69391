import { TextField } from '../../app/TextField'
import { useState, type FormEvent, type ReactNode } from 'react'
import { OutcomeNote } from '../../app/OutcomeNote'
import type { Outcome } from '../../store/change-runner'
import { base64Of, nameList, useCertificateChange } from './use-certificate-change'

/** One certificate change: its fields, the button that asks for confirmation, and what came of it. */
function CertificateForm({
  action,
  stacked = false,
  outcome,
  onSubmit,
  children,
}: {
  action: string
  stacked?: boolean
  outcome: Outcome | undefined
  onSubmit(event: FormEvent): void
  children: ReactNode
}) {
  return (
    <form className={stacked ? 'form-row form-row--stack' : 'form-row'} onSubmit={onSubmit}>
      {children}
      <button type="submit" className="button">
        {action}
      </button>
      <OutcomeNote outcome={outcome} />
    </form>
  )
}

const pemLabels = { certPem: 'Certificate', keyPem: 'Private key', chainPem: 'Chain (optional)' } as const

/** A certificate, its key and chain pasted as PEM, the key optionally encrypted. */
export function PemImportForm() {
  const { outcome, submit } = useCertificateChange()
  const [pem, setPem] = useState({ certPem: '', keyPem: '', chainPem: '', keyPassphrase: '' })
  return (
    <CertificateForm
      stacked
      action="Import PEM"
      outcome={outcome}
      onSubmit={submit('Import this PEM certificate?', (change) =>
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
          {pemLabels[key]}
          <textarea
            name={key}
            rows={3}
            required={key !== 'chainPem'}
            value={pem[key]}
            onChange={(e) => setPem({ ...pem, [key]: e.target.value })}
          />
        </label>
      ))}
      <TextField
        label="Key passphrase (if encrypted)"
        name="keyPassphrase"
        type="password"
        value={pem.keyPassphrase}
        onChange={(value) => setPem({ ...pem, keyPassphrase: value })}
      />
    </CertificateForm>
  )
}

/** A PFX / PKCS#12 file chosen here and sent as base64 with its password. */
export function PfxImportForm() {
  const { outcome, submit } = useCertificateChange()
  const [pfx, setPfx] = useState<{ file?: File; password: string }>({ password: '' })
  return (
    <CertificateForm
      action="Import PFX"
      outcome={outcome}
      onSubmit={submit('Import this PFX file?', (change) =>
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
      <TextField
        label="Password"
        name="pfxPassword"
        type="password"
        value={pfx.password}
        onChange={(value) => setPfx({ ...pfx, password: value })}
      />
    </CertificateForm>
  )
}

/** An ACME order (Let's Encrypt or a private ACME server) for the given domains. */
export function AcmeForm() {
  const { outcome, submit } = useCertificateChange()
  const [acme, setAcme] = useState({ domains: '', email: '' })
  return (
    <CertificateForm
      action="Order"
      outcome={outcome}
      onSubmit={submit('Order a certificate from the ACME CA?', (change) =>
        change('ACME order', (tls) =>
          tls.orderAcme({ domains: nameList(acme.domains), ...(acme.email ? { email: acme.email } : {}) }),
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
      <TextField
        label="Contact e-mail"
        name="email"
        type="email"
        value={acme.email}
        onChange={(value) => setAcme({ ...acme, email: value })}
      />
    </CertificateForm>
  )
}
