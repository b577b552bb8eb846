import { useEffect, useState } from 'react'
import type { incidentEndpoints } from '@shared/endpoints/incidents.js'
import type { RankedTeam } from '@shared/teams.js'
import { call } from '../../../lib/call.js'

/** GET /api/incidents/:id/recommendations — free teams with fresh positions, nearest first. */
export const getRecommendations = (incidentId: string) => call<typeof incidentEndpoints.recommendations>({ method: 'get', path: '/api/incidents/:id/recommendations' }, { params: { id: incidentId } })

/** Refetched whenever `refresh` changes (a team or the incident changed). */
export function useRecommendations(incidentId: string, refresh: unknown) {
  const [data, setData] = useState<RankedTeam[] | null>(null)
  const [error, setError] = useState<unknown>(null)
  useEffect(() => {
    let live = true
    getRecommendations(incidentId).then(
      (r) => {
        if (!live) return
        setData(r)
        setError(null)
      },
      (e) => live && setError(e),
    )
    return () => {
      live = false
    }
  }, [incidentId, refresh])
  return { data, error }
}
