import { useState } from 'react'
import { OutcomeNote } from '../../app/OutcomeNote'
import { AcmeForm, PemImportForm, PfxImportForm } from './ImportForms'
import { nameList, useCertificateChange } from './use-certificate-change'

/** Renew now, or a new self-signed certificate with extra names. */
function SelfSignedForm() {
  const { outcome, submit } = useCertificateChange()
  const [names, setNames] = useState('')
  return (
    <>
      <div className="form-row">
        <button
          type="button"
          className="button"
          onClick={submit('Renew the certificate now?', (change) => change('Renew certificate', (tls) => tls.renew()))}
        >
          Renew now
        </button>
      </div>
      <form
        className="form-row"
        onSubmit={submit('Generate a new self-signed certificate?', (change) =>
          change('Generate self-signed certificate', (tls) =>
            tls.generateSelfSigned(nameList(names).length > 0 ? { names: nameList(names) } : {}),
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
        <OutcomeNote outcome={outcome} />
      </form>
    </>
  )
}

/** Renew, regenerate, import PEM or PFX, order from ACME: each confirmed, each answered with the new status. */
export function CertificateActions() {
  return (
    <section className="panel" aria-labelledby="cert-actions-title" data-testid="certificate-actions">
      <h2 id="cert-actions-title">Change the certificate</h2>
      <SelfSignedForm />
      <PemImportForm />
      <PfxImportForm />
      <AcmeForm />
    </section>
  )
}
