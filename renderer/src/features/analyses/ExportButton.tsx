/** A result's CSV export, on a row of its own under the result. */
export function ExportButton({ label, onExport }: { label: string; onExport(): void }) {
  return (
    <p className="form-row">
      <button type="button" className="button" onClick={onExport}>
        {label}
      </button>
    </p>
  )
}
