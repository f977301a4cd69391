import { describe, expect, it } from 'vitest'
import { reauthenticate, useReauth } from './reauth'

/** Answers the open prompt (or the next one) and resolves with the error it showed. */
const answerNext = (password: string | undefined) =>
  new Promise<string | undefined>((resolve) => {
    const respond = (state: ReturnType<typeof useReauth.getState>) => {
      if (!state.request) return false
      resolve(state.request.error)
      state.answer(password)
      return true
    }
    if (respond(useReauth.getState())) return
    const unsubscribe = useReauth.subscribe((state) => {
      if (respond(state)) unsubscribe()
    })
  })

describe('re-authentication prompt', () => {
  it('asks again with the reason after a wrong password, and succeeds with the right one', async () => {
    const tried: string[] = []
    const confirm = async (password: string) => {
      tried.push(password)
      if (password !== 'right') throw new Error('wrong password')
    }
    const done = reauthenticate(confirm, (e) => (e as Error).message)
    expect(await answerNext('wrong')).toBeUndefined()
    expect(await answerNext('right')).toBe('wrong password')
    expect(await done).toBe(true)
    expect(tried).toEqual(['wrong', 'right'])
  })

  it('gives up when the user cancels', async () => {
    const done = reauthenticate(async () => undefined, String)
    await answerNext(undefined)
    expect(await done).toBe(false)
  })
})
