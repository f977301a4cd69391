/** True when `url` is on exactly the station's origin (scheme, host and port). */
export function isStationUrl(url: string, stationOrigin: string): boolean {
  try {
    return new URL(url).origin === stationOrigin
  } catch {
    return false
  }
}

/** Links that may be handed to the OS browser: web pages only, never file:, javascript: or custom schemes. */
export function isExternalWebUrl(url: string): boolean {
  try {
    const { protocol } = new URL(url)
    return protocol === 'https:' || protocol === 'http:'
  } catch {
    return false
  }
}
