import type { FormEvent } from 'react'
import { useChange } from '../../app/use-change'
import { useTls } from '../../store'
import type { TlsState } from '../../store/tls'
import type { Outcome } from '../../store/change-runner'

/** Said before every change of the served certificate. */
export const CHANGE_WARNING =
  'The station serves the new certificate at once. Browsers and instruments that pinned the old one must trust the new one.'

/**
 * One certificate change of a form: confirmed with the warning above, then run through the TLS store
 * (logged; the station answers with the new status). `submit(title, label, call)` is the form's handler.
 */
export function useCertificateChange() {
  const change = useTls((s) => s.change)
  const { outcome, apply } = useChange()
  const submit =
    (title: string, run: (change: TlsState['change']) => Promise<Outcome>, body = CHANGE_WARNING) =>
    (event?: FormEvent) => {
      event?.preventDefault()
      void apply({ title, body, confirmLabel: 'Go ahead' }, () => run(change))
    }
  return { outcome, submit }
}

/** A file as base64 (PFX imports travel as JSON). */
export async function base64Of(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer())
  let binary = ''
  for (const byte of bytes) binary += String.fromCharCode(byte)
  return btoa(binary)
}

/** Names typed as a list: separated by spaces or commas. */
export const nameList = (text: string): string[] => text.split(/[\s,]+/).filter(Boolean)
