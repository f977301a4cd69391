/**
 * The one-time setup code as the operator sees it: a framed block, so it stands out from log lines
 * (docs/security.md "First admin"). `setupUrl` is the station's /setup page when the caller knows it.
 */
export function setupCodeNotice(code: string, setupUrl = '/setup'): string[] {
  const text = [
    `No admin account yet. One-time setup code: ${code}`,
    `Open ${setupUrl} and enter it to create the first admin`,
    '(or POST /api/v1/auth/setup). It works once, until the station restarts.',
  ]
  const width = Math.max(...text.map((line) => line.length))
  const rule = `+${'-'.repeat(width + 2)}+`
  return [rule, ...text.map((line) => `| ${line.padEnd(width)} |`), rule]
}
