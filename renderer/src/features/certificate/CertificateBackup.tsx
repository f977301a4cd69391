import { TextField } from '../../app/TextField'
import { useState, type FormEvent } from 'react'
import { downloadBlob } from '../../app/download'
import { OutcomeNote } from '../../app/OutcomeNote'
import { useChange } from '../../app/use-change'
import { useTls } from '../../store'
import { backupFilename, parseBackupFile } from '../../store/tls'
import { FilesImportForm } from './FilesImportForm'
import { CHANGE_WARNING, useCertificateChange } from './use-certificate-change'

/** The station's floor for backup passphrases (`server/contract/tls.ts`); the form says so before the station does. */
const PASSPHRASE_MIN = 12

/** Downloads the certificate and its key, encrypted under a passphrase, as a JSON file. */
function BackupForm() {
  const backup = useTls((s) => s.backup)
  const { outcome, apply } = useChange()
  const [passphrase, setPassphrase] = useState('')
  const submit = (event: FormEvent) => {
    event.preventDefault()
    void apply(
      {
        title: 'Save a backup of the certificate and its private key?',
        body: 'The key is encrypted under the passphrase. Keep the file and the passphrase apart.',
        confirmLabel: 'Save backup',
      },
      async () => {
        const result = await backup(passphrase)
        if (!result.backup) return result
        downloadBlob(
          new Blob([JSON.stringify(result.backup, null, 2)], { type: 'application/json' }),
          backupFilename(result.backup),
        )
        setPassphrase('')
        return { ok: true }
      },
    )
  }
  return (
    <form className="form-row" onSubmit={submit} data-testid="cert-backup-form">
      <label>
        Backup passphrase (at least {PASSPHRASE_MIN} characters)
        <input
          name="backupPassphrase"
          type="password"
          autoComplete="new-password"
          required
          minLength={PASSPHRASE_MIN}
          value={passphrase}
          onChange={(e) => setPassphrase(e.target.value)}
        />
      </label>
      <button type="submit" className="button">
        Download backup
      </button>
      <OutcomeNote outcome={outcome} />
    </form>
  )
}

/** Restores a backup file chosen here; a wrong file is named as such before it reaches the station. */
function RestoreForm() {
  const { outcome, submit } = useCertificateChange()
  const [restore, setRestore] = useState<{ file?: File; passphrase: string }>({ passphrase: '' })
  const file = restore.file
  return (
    <form
      className="form-row"
      onSubmit={submit(`Restore the certificate from ${file?.name ?? 'the file'}?`, async (change) => {
        const parsed = parseBackupFile(file ? await file.text() : '')
        if (!parsed.ok) return parsed
        return change('Restore certificate backup', (tls) =>
          tls.restore({ backup: parsed.backup, passphrase: restore.passphrase }),
        )
      })}
      data-testid="cert-restore-form"
    >
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
      <TextField
        label="Passphrase"
        name="restorePassphrase"
        type="password"
        required
        minLength={PASSPHRASE_MIN}
        value={restore.passphrase}
        onChange={(value) => setRestore({ ...restore, passphrase: value })}
      />
      <button type="submit" className="button">
        Restore
      </button>
      <OutcomeNote outcome={outcome} />
    </form>
  )
}

/** Back up (download), restore (from a chosen file) and import by path on the station's machine. */
export function CertificateBackup() {
  return (
    <section className="panel" aria-labelledby="cert-backup-title" data-testid="certificate-backup">
      <h2 id="cert-backup-title">Backup, restore, import from files</h2>
      <BackupForm />
      <RestoreForm />
      <FilesImportForm warning={CHANGE_WARNING} />
    </section>
  )
}
