import { useState } from 'react'
import { useConfirm } from '../store'
import type { ConfirmRequest } from '../store/confirm'
import type { Outcome } from '../store/change-runner'

/**
 * A change and its outcome for the form to show: `apply` asks for confirmation first (nothing happens
 * when the user cancels), `run` is for explicit one-click actions such as approving a request.
 */
export function useChange() {
  const ask = useConfirm((s) => s.ask)
  const [outcome, setOutcome] = useState<Outcome>()
  const run = async (change: () => Promise<Outcome>) => {
    setOutcome(undefined)
    setOutcome(await change())
  }
  const apply = async (request: ConfirmRequest, change: () => Promise<Outcome>) => {
    setOutcome(undefined)
    if (await ask(request)) setOutcome(await change())
  }
  return { outcome, apply, run }
}
