import { useState } from 'react'
import { useConfirm } from '../../store'
import type { ConfirmRequest } from '../../store/confirm'
import type { Outcome } from '../../store/simulation'

/** Confirm, then apply: the outcome (or nothing, when the operator cancels) for the form to show. */
export function useChange() {
  const ask = useConfirm((s) => s.ask)
  const [outcome, setOutcome] = useState<Outcome>()
  const apply = async (request: ConfirmRequest, change: () => Promise<Outcome>) => {
    setOutcome(undefined)
    if (await ask(request)) setOutcome(await change())
  }
  return { outcome, apply }
}
