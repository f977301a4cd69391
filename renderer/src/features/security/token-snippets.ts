import type { TokenScope } from '../../../../server/contract/access'

/** What each scope lets a token do, for the picker. */
export const scopeHelp: Record<TokenScope, string> = {
  'telemetry:read': 'read telemetry and the simulation state (loggers, dashboards)',
  'simulation:control': 'the above and control the simulation (scripts)',
  'metrics:read': 'scrape GET /metrics (Prometheus)',
  'ingest:write': 'push instrument readings to POST /api/v1/ingest (scripts, HTTP-push devices)',
  admin: 'everything, like an admin user',
}

/** A curl call with the token against this station (README "Access and security"). */
export function curlSnippet(origin: string, token: string): string {
  return `curl --cacert station.pem -H 'Authorization: Bearer ${token}' ${origin}/api/v1/simulation`
}

/** A Prometheus scrape job for this station with the token in a credentials file (README "Prometheus and Grafana"). */
export function prometheusSnippet(host: string): string {
  return [
    'scrape_configs:',
    '  - job_name: mfc-station',
    '    scheme: https',
    '    tls_config: { ca_file: station.pem }',
    '    authorization: { credentials_file: mfc-metrics-token }',
    `    static_configs: [{ targets: ['${host}'] }]`,
  ].join('\n')
}
