import { useState } from 'react'

/** A text to copy (a token, a snippet) with a copy button that says whether it worked. */
export function CopyText({ label, text, testId }: { label: string; text: string; testId?: string }) {
  const [copied, setCopied] = useState<string>()
  const copy = () =>
    navigator.clipboard.writeText(text).then(
      () => setCopied('Copied'),
      () => setCopied('Copy failed: select the text and copy it by hand'),
    )
  return (
    <div className="copy-text">
      <span className="copy-text__label">{label}</span>
      <pre className="fingerprint" data-testid={testId}>
        {text}
      </pre>
      <span className="form-row">
        <button type="button" className="button button--small" onClick={() => void copy()}>
          Copy {label.toLowerCase()}
        </button>
        {copied && (
          <span className="outcome" role="status">
            {copied}
          </span>
        )}
      </span>
    </div>
  )
}
