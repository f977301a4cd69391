import { request as httpsRequest } from 'node:https'
import { Readable } from 'node:stream'

/** Answers that carry no body by definition (RFC 9110 6.4.1); a Response refuses one for them. */
const NO_BODY = new Set([204, 205, 304])

/**
 * `fetch` over node:https trusting exactly `ca` (the station's certificate or its local CA) when given,
 * the system's CAs otherwise; certificate verification is never switched off. Node's own fetch cannot
 * take a per-call trust store, which a self-signed station needs.
 */
export function pinnedFetch(ca?: string): (input: Request) => Promise<Response> {
  return async (input) => {
    const body = input.body ? Buffer.from(await input.arrayBuffer()) : undefined
    return new Promise<Response>((resolve, reject) => {
      const outgoing = httpsRequest(
        input.url,
        { method: input.method, headers: Object.fromEntries(input.headers), agent: false, signal: input.signal, ca },
        (incoming) => {
          const status = incoming.statusCode ?? 0
          const headers = new Headers()
          for (const [name, value] of Object.entries(incoming.headers))
            for (const item of [value ?? []].flat()) headers.append(name, item)
          const init = { status, statusText: incoming.statusMessage ?? '', headers }
          if (NO_BODY.has(status) || input.method === 'HEAD') {
            incoming.resume()
            return resolve(new Response(null, init))
          }
          resolve(new Response(Readable.toWeb(incoming) as ReadableStream<Uint8Array>, init))
        },
      )
      outgoing.once('error', reject)
      outgoing.end(body)
    })
  }
}
