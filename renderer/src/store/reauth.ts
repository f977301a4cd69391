import { create } from 'zustand'

type ReauthState = {
  /** Open while the dialog asks; `error` is why the previous attempt failed. */
  request: { error: string | undefined; resolve(password: string | undefined): void } | undefined
  /** Asks for the password; undefined when the user cancels. */
  ask(error?: string): Promise<string | undefined>
  answer(password: string | undefined): void
}

/** The password prompt hazardous actions need (features/reauth renders it). */
export const useReauth = create<ReauthState>((set, get) => ({
  request: undefined,
  ask: (error) =>
    new Promise((resolve) => {
      get().request?.resolve(undefined)
      set({ request: { error, resolve } })
    }),
  answer(password) {
    get().request?.resolve(password)
    set({ request: undefined })
  },
}))

/** Prompts until the station accepts the password or the user cancels. */
export async function reauthenticate(
  confirm: (password: string) => Promise<void>,
  describe: (error: unknown) => string,
): Promise<boolean> {
  let error: string | undefined
  for (;;) {
    const password = await useReauth.getState().ask(error)
    if (password === undefined) return false
    try {
      await confirm(password)
      return true
    } catch (failure) {
      error = describe(failure)
    }
  }
}
