import { useEffect, useState } from 'react'

/** Wall-clock time, refreshed every `intervalMs`: for ages like "last data 4 s ago". */
export function useNow(intervalMs: number): number {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs)
    return () => clearInterval(timer)
  }, [intervalMs])
  return now
}
