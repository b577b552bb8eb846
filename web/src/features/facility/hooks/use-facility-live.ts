import { useCallback, useEffect, useRef, useState } from 'react'
import type { Destination } from '@shared/destinations.js'
import type { IncomingCase } from '@shared/stays.js'
import { connectLive, type ConnectionState } from '../../../lib/socket.js'
import { getDestination, getIncoming, getResidents, type Resident } from '../api/facility.js'

/**
 * The facility screen's state: the destination, its incoming cases and its residents,
 * fetched, then fetched again whenever an event at this facility arrives on the socket (the
 * server sends a facility account only its own destination's events).
 */
export function useFacilityLive(destinationId: string) {
  const [destination, setDestination] = useState<Destination | null>(null)
  const [incoming, setIncoming] = useState<IncomingCase[]>([])
  const [residents, setResidents] = useState<Resident[]>([])
  const [connection, setConnection] = useState<ConnectionState>('connecting')
  const [error, setError] = useState<unknown>(null)
  const [loaded, setLoaded] = useState(false)
  const pending = useRef<Promise<void> | null>(null)
  const again = useRef(false)

  const reload = useCallback(async () => {
    // One reload at a time; events during one ask for one more after it.
    if (pending.current) {
      again.current = true
      return pending.current
    }
    const run = async () => {
      do {
        again.current = false
        try {
          const [d, i, r] = await Promise.all([getDestination(destinationId), getIncoming(destinationId), getResidents(destinationId)])
          setDestination(d)
          setIncoming(i)
          setResidents(r)
          setError(null)
          setLoaded(true)
        } catch (err) {
          setError(err)
        }
      } while (again.current)
      pending.current = null
    }
    pending.current = run()
    return pending.current
  }, [destinationId])

  useEffect(() => {
    const live = connectLive({
      onState: setConnection,
      onEvent: () => void reload(),
      onSynced: () => void reload(),
    })
    // A team on its way here moved: its new position and arrival estimate, without a reload.
    live.socket.on('facility:eta', (eta) =>
      setIncoming((list) => list.map((c) => (c.incidentId === eta.incidentId && c.team ? { ...c, distanceM: eta.distanceM, etaS: eta.etaS, team: { ...c.team, position: eta.position } } : c))),
    )
    return () => live.close()
  }, [reload])

  return { destination, incoming, residents, connection, error, loaded, reload }
}
