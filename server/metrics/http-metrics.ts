import { Counter, Histogram, type Registry } from 'prom-client'
import type { RequestHandler } from 'express'

/** A request no route handled: the UI's static files, an unknown path, or a refusal by the middleware chain (Host, IP, rate limit, body checks). */
function unroutedLabel(status: number): string {
  if (status === 404) return 'unmatched'
  return status < 400 ? 'static' : 'refused'
}

/** HTTP request counts and latencies by route template, method and status: the middleware that observes them. */
export function createHttpObserver(registry: Registry): RequestHandler {
  const requests = new Counter({
    name: 'mfc_http_requests_total',
    help: 'HTTP requests by route template, method and status',
    labelNames: ['route', 'method', 'status'],
    registers: [registry],
  })
  const latency = new Histogram({
    name: 'mfc_http_request_duration_seconds',
    help: 'HTTP request latency by route template, method and status',
    labelNames: ['route', 'method', 'status'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  })

  /**
   * First in the chain: times every request. The label is the matched route's template
   * (`/api/v1/runs/:runId`), never the raw path, so label cardinality stays bounded.
   */
  const observeHttp: RequestHandler = (req, res, next) => {
    const started = process.hrtime.bigint()
    res.once('finish', () => {
      // express types req.route as any; a matched route always has its template in `path`.
      const template = (req.route as { path?: string } | undefined)?.path
      const route =
        template === undefined
          ? unroutedLabel(res.statusCode)
          : `${req.baseUrl}${template === '/' ? '' : template}` || '/'
      const labels = { route, method: req.method, status: String(res.statusCode) }
      requests.inc(labels)
      latency.observe(labels, Number(process.hrtime.bigint() - started) / 1e9)
    })
    next()
  }

  return observeHttp
}
