import { create } from 'zustand'

export type ConfirmRequest = { title: string; body: string; confirmLabel: string }

type ConfirmState = {
  request: (ConfirmRequest & { resolve(ok: boolean): void }) | undefined
  /** Asks the operator; resolves true only on an explicit confirm. A second ask cancels the first. */
  ask(request: ConfirmRequest): Promise<boolean>
  answer(ok: boolean): void
}

/** Every change is confirmed in one dialog (features/confirm renders it). */
export const useConfirm = create<ConfirmState>((set, get) => ({
  request: undefined,
  ask: (request) =>
    new Promise<boolean>((resolve) => {
      get().request?.resolve(false)
      set({ request: { ...request, resolve } })
    }),
  answer(ok) {
    get().request?.resolve(ok)
    set({ request: undefined })
  },
}))
