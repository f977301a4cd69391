import { useState } from 'react'
import type { ImportFilesRequest } from '../../../../server/contract/tls'
import { OutcomeNote } from '../../app/OutcomeNote'
import { useCertificateChange } from './use-certificate-change'

type Files = {
  kind: 'pem' | 'pfx'
  certFile: string
  keyFile: string
  chainFile: string
  keyPassphrase: string
  pfxFile: string
  password: string
}

const pathLabels = {
  certFile: 'Certificate path',
  keyFile: 'Private key path',
  chainFile: 'Chain path (optional)',
} as const

/** The request for the chosen format: PEM paths (and key passphrase) or a PFX path and its password. */
function requestOf(files: Files): ImportFilesRequest {
  if (files.kind === 'pfx') return { pfxFile: files.pfxFile, password: files.password }
  return {
    certFile: files.certFile,
    keyFile: files.keyFile,
    ...(files.chainFile ? { chainFile: files.chainFile } : {}),
    ...(files.keyPassphrase ? { keyPassphrase: files.keyPassphrase } : {}),
  }
}

/** Imports a certificate by its paths on the station's machine; the station watches and reloads the files. */
export function FilesImportForm({ warning }: { warning: string }) {
  const { outcome, submit } = useCertificateChange()
  const [files, setFiles] = useState<Files>({
    kind: 'pem',
    certFile: '',
    keyFile: '',
    chainFile: '',
    keyPassphrase: '',
    pfxFile: '',
    password: '',
  })
  const text = (key: keyof Omit<Files, 'kind'>, label: string, secret = false) => (
    <label key={key}>
      {label}
      <input
        name={key === 'keyPassphrase' ? 'filesKeyPassphrase' : key === 'password' ? 'filesPfxPassword' : key}
        type={secret ? 'password' : 'text'}
        autoComplete="off"
        required={key === 'certFile' || key === 'keyFile' || key === 'pfxFile'}
        value={files[key]}
        onChange={(e) => setFiles({ ...files, [key]: e.target.value })}
      />
    </label>
  )
  return (
    <form
      className="form-row form-row--stack"
      onSubmit={submit(
        'Import the certificate from these files?',
        (change) => change('Import certificate files', (tls) => tls.importFiles(requestOf(files))),
        `${warning} The station watches the files and reloads them when they change.`,
      )}
      data-testid="cert-files-form"
    >
      <strong>Import from files on the station's machine</strong>
      <label>
        Format
        <select
          name="filesKind"
          value={files.kind}
          onChange={(e) => setFiles({ ...files, kind: e.target.value as Files['kind'] })}
        >
          <option value="pem">PEM files (certificate, key, chain)</option>
          <option value="pfx">PFX / PKCS#12 file</option>
        </select>
      </label>
      {files.kind === 'pem'
        ? [
            ...(['certFile', 'keyFile', 'chainFile'] as const).map((key) => text(key, pathLabels[key])),
            text('keyPassphrase', 'Key passphrase (if encrypted)', true),
          ]
        : [text('pfxFile', 'PFX path'), text('password', 'Password', true)]}
      <span className="form-row">
        <button type="submit" className="button">
          Import files
        </button>
        <OutcomeNote outcome={outcome} />
      </span>
    </form>
  )
}
