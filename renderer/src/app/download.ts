/**
 * Saves a blob as a file through a temporary object URL. Downloads are not navigations the CSP
 * governs, and the URL is revoked right after so the blob does not outlive the click.
 */
export function downloadBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob)
  const link = document.createElement('a')
  link.href = url
  link.download = filename
  link.hidden = true
  document.body.append(link)
  link.click()
  link.remove()
  setTimeout(() => URL.revokeObjectURL(url), 0)
}
