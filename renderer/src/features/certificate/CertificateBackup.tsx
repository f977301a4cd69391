import { useState, type FormEvent } from 'react'
import { downloadBlob } from '../../app/download'
import { OutcomeNote } from '../../app/OutcomeNote'
import { useChange } from '../../app/use-change'
import { useTls } from '../../store'
import { backupFilename, parseBackupFile } from '../../store/tls'
import { CHANGE_WARNING } from './CertificateActions'

/** The station's floor for backup passphrases (`server/contract/tls.ts`); the form says so before the station does. */
const PASSPHRASE_MIN = 12

/** Back up (download), restore (from a chosen file) and import by path on the station's machine. */
export function CertificateBackup() {
  const change = useTls((s) => s.change)
  const backup = useTls((s) => s.backup)
  const backupChange = useChange()
  const restoreChange = useChange()
  const filesChange = useChange()
  const [backupPassphrase, setBackupPassphrase] = useState('')
  const [restore, setRestore] = useState<{ file?: File; passphrase: string }>({ passphrase: '' })
  const [files, setFiles] = useState({
    kind: 'pem' as 'pem' | 'pfx',
    certFile: '',
    keyFile: '',
    chainFile: '',
    keyPassphrase: '',
    pfxFile: '',
    password: '',
  })

  const submitBackup = (event: FormEvent) => {
    event.preventDefault()
    void backupChange.apply(
      {
        title: 'Save a backup of the certificate and its private key?',
        body: 'The key is encrypted under the passphrase. Keep the file and the passphrase apart.',
        confirmLabel: 'Save backup',
      },
      async () => {
        const result = await backup(backupPassphrase)
        if (result.backup) {
          downloadBlob(
            new Blob([JSON.stringify(result.backup, null, 2)], { type: 'application/json' }),
            backupFilename(result.backup),
          )
          setBackupPassphrase('')
        }
        return result.ok ? { ok: true } : result
      },
    )
  }

  const submitRestore = (event: FormEvent) => {
    event.preventDefault()
    const file = restore.file
    if (!file) return
    void restoreChange.apply(
      { title: `Restore the certificate from ${file.name}?`, body: CHANGE_WARNING, confirmLabel: 'Restore' },
      async () => {
        const parsed = parseBackupFile(await file.text())
        if (!parsed.ok) return parsed
        return change('Restore certificate backup', (tls) =>
          tls.restore({ backup: parsed.backup, passphrase: restore.passphrase }),
        )
      },
    )
  }

  const submitFiles = (event: FormEvent) => {
    event.preventDefault()
    const request =
      files.kind === 'pfx'
        ? { pfxFile: files.pfxFile, password: files.password }
        : {
            certFile: files.certFile,
            keyFile: files.keyFile,
            ...(files.chainFile ? { chainFile: files.chainFile } : {}),
            ...(files.keyPassphrase ? { keyPassphrase: files.keyPassphrase } : {}),
          }
    void filesChange.apply(
      {
        title: 'Import the certificate from these files?',
        body: `${CHANGE_WARNING} The station watches the files and reloads them when they change.`,
        confirmLabel: 'Import',
      },
      () => change('Import certificate files', (tls) => tls.importFiles(request)),
    )
  }

  return (
    <section className="panel" aria-labelledby="cert-backup-title" data-testid="certificate-backup">
      <h2 id="cert-backup-title">Backup, restore, import from files</h2>
      <form className="form-row" onSubmit={submitBackup} data-testid="cert-backup-form">
        <label>
          Backup passphrase (at least {PASSPHRASE_MIN} characters)
          <input
            name="backupPassphrase"
            type="password"
            autoComplete="new-password"
            required
            minLength={PASSPHRASE_MIN}
            value={backupPassphrase}
            onChange={(e) => setBackupPassphrase(e.target.value)}
          />
        </label>
        <button type="submit" className="button">
          Download backup
        </button>
        <OutcomeNote outcome={backupChange.outcome} />
      </form>
      <form className="form-row" onSubmit={submitRestore} data-testid="cert-restore-form">
        <label>
          Backup file
          <input
            name="backupFile"
            type="file"
            required
            accept=".json,application/json"
            onChange={(e) => setRestore({ ...restore, ...(e.target.files?.[0] ? { file: e.target.files[0] } : {}) })}
          />
        </label>
        <label>
          Passphrase
          <input
            name="restorePassphrase"
            type="password"
            autoComplete="off"
            required
            minLength={PASSPHRASE_MIN}
            value={restore.passphrase}
            onChange={(e) => setRestore({ ...restore, passphrase: e.target.value })}
          />
        </label>
        <button type="submit" className="button">
          Restore
        </button>
        <OutcomeNote outcome={restoreChange.outcome} />
      </form>
      <form className="form-row form-row--stack" onSubmit={submitFiles} data-testid="cert-files-form">
        <strong>Import from files on the station's machine</strong>
        <label>
          Format
          <select
            name="filesKind"
            value={files.kind}
            onChange={(e) => setFiles({ ...files, kind: e.target.value as 'pem' | 'pfx' })}
          >
            <option value="pem">PEM files (certificate, key, chain)</option>
            <option value="pfx">PFX / PKCS#12 file</option>
          </select>
        </label>
        {files.kind === 'pem' ? (
          <>
            {(['certFile', 'keyFile', 'chainFile'] as const).map((key) => (
              <label key={key}>
                {key === 'certFile'
                  ? 'Certificate path'
                  : key === 'keyFile'
                    ? 'Private key path'
                    : 'Chain path (optional)'}
                <input
                  name={key}
                  required={key !== 'chainFile'}
                  value={files[key]}
                  placeholder="/etc/ssl/station/…"
                  onChange={(e) => setFiles({ ...files, [key]: e.target.value })}
                />
              </label>
            ))}
            <label>
              Key passphrase (if encrypted)
              <input
                name="filesKeyPassphrase"
                type="password"
                autoComplete="off"
                value={files.keyPassphrase}
                onChange={(e) => setFiles({ ...files, keyPassphrase: e.target.value })}
              />
            </label>
          </>
        ) : (
          <>
            <label>
              PFX path
              <input
                name="pfxFile"
                required
                value={files.pfxFile}
                onChange={(e) => setFiles({ ...files, pfxFile: e.target.value })}
              />
            </label>
            <label>
              Password
              <input
                name="filesPfxPassword"
                type="password"
                autoComplete="off"
                value={files.password}
                onChange={(e) => setFiles({ ...files, password: e.target.value })}
              />
            </label>
          </>
        )}
        <span className="form-row">
          <button type="submit" className="button">
            Import files
          </button>
          <OutcomeNote outcome={filesChange.outcome} />
        </span>
      </form>
    </section>
  )
}
