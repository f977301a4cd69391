const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'short', timeStyle: 'short' })

/** An ISO timestamp in the user's locale; "–" when absent. */
export function when(iso: string | undefined): string {
  return iso === undefined ? '–' : dateFormat.format(new Date(iso))
}
