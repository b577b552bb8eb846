import { useCallback, useState } from 'react'

/** Runs one command at a time and keeps its error for display. */
export function useAction() {
  const [busy, setBusy] = useState<string | null>(null)
  const [error, setError] = useState<unknown>(null)
  const run = useCallback(async <T>(name: string, fn: () => Promise<T>): Promise<T | undefined> => {
    setBusy(name)
    setError(null)
    try {
      return await fn()
    } catch (err) {
      setError(err)
      return undefined
    } finally {
      setBusy(null)
    }
  }, [])
  return { busy, error, run, clearError: () => setError(null) }
}
