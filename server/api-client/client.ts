import createClient, { type Client } from 'openapi-fetch'
import type { paths } from '../contract/openapi.js'
import { pinnedFetch } from './pinned-fetch.js'

export type StationClient = Client<paths>

export type StationClientOptions = {
  /** The station's base URL, e.g. https://127.0.0.1:8443 (paths in the document start with /api/v1). */
  url: string
  /** An API token, sent as `Authorization: Bearer`. */
  token?: string
  /** PEM the station's certificate must chain to: its own certificate or local CA; the system's CAs without it. */
  ca?: string
}

/** A client typed by the station's OpenAPI document (docs/api.md "Typed client"). */
export function createStationClient(options: StationClientOptions): StationClient {
  return createClient<paths>({
    baseUrl: options.url.replace(/\/+$/, ''),
    fetch: pinnedFetch(options.ca),
    headers: options.token ? { authorization: `Bearer ${options.token}` } : {},
  })
}
