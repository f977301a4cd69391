import { CopyText } from './CopyText'
import { curlSnippet, prometheusSnippet } from './token-snippets'

/** The new token, shown once (the station stores only a keyed hash of it), with ready-to-use snippets. */
export function NewToken({ token, metrics, onDone }: { token: string; metrics: boolean; onDone(): void }) {
  return (
    <div className="notice-box" role="status" data-testid="new-token">
      <p>Copy this token now. It is shown only once.</p>
      <CopyText label="Token" text={token} testId="new-token-value" />
      <CopyText label="curl" text={curlSnippet(window.location.origin, token)} testId="snippet-curl" />
      {metrics && (
        <>
          <p className="muted">Save the token as the file mfc-metrics-token next to Prometheus, then scrape with:</p>
          <CopyText
            label="Prometheus config"
            text={prometheusSnippet(window.location.host)}
            testId="snippet-prometheus"
          />
        </>
      )}
      <button type="button" className="button" onClick={onDone}>
        Done
      </button>
    </div>
  )
}
