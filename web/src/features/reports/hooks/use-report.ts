import { useEffect, useState } from 'react'
import type { Report } from '@shared/reports.js'
import { getReport, type ReportParams } from '../api/get-report.js'

/** The report for the chosen period and grouping, refetched when either changes. */
export function useReport(params: ReportParams) {
  const [report, setReport] = useState<Report | null>(null)
  const [error, setError] = useState<unknown>(null)
  const [loading, setLoading] = useState(true)
  const [attempt, setAttempt] = useState(0)
  const { from, to, groupBy } = params
  useEffect(() => {
    const abort = new AbortController()
    setLoading(true)
    setError(null)
    getReport({ from, to, groupBy }, abort.signal).then(
      (r) => {
        setReport(r)
        setLoading(false)
      },
      (e) => {
        if (abort.signal.aborted) return
        setError(e)
        setLoading(false)
      },
    )
    return () => abort.abort()
  }, [from, to, groupBy, attempt])
  return { report, error, loading, retry: () => setAttempt((a) => a + 1) }
}
