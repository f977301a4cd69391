import { useState } from 'react'
import { describeError } from '../../api/http-client'

/** One request at a time from a form: busy while it runs, the station's reason when it is refused. */
export function useRequest() {
  const [problem, setProblem] = useState<string>()
  const [busy, setBusy] = useState(false)
  const send = async <T>(request: () => Promise<T>, done: (value: T) => void) => {
    setBusy(true)
    try {
      done(await request())
      setProblem(undefined)
    } catch (error) {
      setProblem(describeError(error))
    } finally {
      setBusy(false)
    }
  }
  return { problem, setProblem, busy, send }
}
