import { useEffect, useState } from 'react'
import type { PublicSummary } from '@shared/reports.js'
import { getPublicSummary } from '../api/get-public-summary.js'

export function usePublicSummary() {
  const [summary, setSummary] = useState<PublicSummary | null>(null)
  const [error, setError] = useState<unknown>(null)
  const [attempt, setAttempt] = useState(0)
  useEffect(() => {
    let live = true
    setError(null)
    getPublicSummary().then(
      (s) => live && setSummary(s),
      (e) => live && setError(e),
    )
    return () => {
      live = false
    }
  }, [attempt])
  return { summary, error, retry: () => setAttempt((a) => a + 1) }
}
