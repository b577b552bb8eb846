import { useEffect, useState } from 'react'
import type { TrackingView } from '@shared/incidents.js'
import { connectLive, type ConnectionState } from '../../../lib/socket.js'
import { getTracking } from '../api/get-tracking.js'

/**
 * The report's public status: fetched once, then kept live by the socket, which the server
 * joins to this report's room (auth.trackingCode) and sends `track:update` on every change
 * and on every (re)connection.
 */
export function useTracking(code: string | null) {
  const [view, setView] = useState<TrackingView | null>(null)
  const [error, setError] = useState<unknown>(null)
  const [connection, setConnection] = useState<ConnectionState>('connecting')
  const [updatedAt, setUpdatedAt] = useState<Date | null>(null)

  useEffect(() => {
    if (!code) return
    let fromSocket = false
    let live = true
    const socket = connectLive({ trackingCode: code, onState: setConnection })
    socket.socket.on('track:update', (v) => {
      fromSocket = true
      setView(v)
      setError(null)
      setUpdatedAt(new Date())
    })
    getTracking(code).then(
      (v) => {
        // A socket update is at least as new as this answer.
        if (live && !fromSocket) {
          setView(v)
          setUpdatedAt(new Date())
        }
      },
      (e) => live && !fromSocket && setError(e),
    )
    return () => {
      live = false
      socket.close()
    }
  }, [code])

  return { view, error, connection, updatedAt }
}
