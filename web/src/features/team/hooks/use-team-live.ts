import { useCallback, useEffect, useRef, useState } from 'react'
import { isIncidentChange, type IncidentChangeEvent, type LogEvent } from '@shared/events.js'
import { ASSIGNED_STATUSES, type Incident } from '@shared/incidents.js'
import type { Team } from '@shared/teams.js'
import { connectLive, type ConnectionState, type LiveSocket } from '../../../lib/socket.js'
import { ApiError } from '../../../lib/api.js'
import { getAssignment, getTeam } from '../api/get-team.js'
import { readLastKnown, saveLastKnown } from '../lib/offline-cache.js'

/** Why the current assignment ended, shown once on the phone. */
export interface FinishedNotice {
  incident: Incident
  /** Where the person was handed over, when this phone recorded it. */
  place?: string
  reason: 'handed_over' | 'not_found' | 'cancelled' | 'closed' | 'duplicate' | 'unassigned' | 'reassigned' | 'ack_timeout'
}

/** How long to wait for the socket before showing the team and case without it. */
const SYNC_FALLBACK_MS = 4000

/** The team's own assignment is the incident it is bound to (assigned … transporting). */
const holds = (i: Incident, teamId: string) => i.teamId === teamId && ASSIGNED_STATUSES.includes(i.status)

/**
 * The team phone's live state: its team and current assignment, fetched and then kept up to
 * date by the socket (the team's own events, and assignment offers it must acknowledge so
 * the server stops re-sending them).
 */
export function useTeamLive(teamId: string) {
  const [team, setTeam] = useState<Team | null>(null)
  const [assignment, setAssignment] = useState<Incident | null>(null)
  const [notice, setNotice] = useState<FinishedNotice | null>(null)
  const [connection, setConnection] = useState<ConnectionState>('connecting')
  const [error, setError] = useState<unknown>(null)
  const [loaded, setLoaded] = useState(false)
  const [socket, setSocket] = useState<LiveSocket | null>(null)
  const current = useRef<Incident | null>(null)
  current.current = assignment

  const onIncident = useCallback(
    (i: Incident, e: IncidentChangeEvent | null) => {
      if (holds(i, teamId)) {
        setAssignment(i)
        setNotice((n) => (n?.incident.id === i.id ? null : n))
        return
      }
      if (current.current?.id !== i.id) {
        // A later event about the case this phone has just finished (e.g. the handover the phone
        // already reported): keep the notice it shows.
        return
      }
      setAssignment(null)
      const reason: FinishedNotice['reason'] =
        e?.type === 'incident.unassigned'
          ? // The release says why: a dispatcher's choice, or no acknowledgement in time (sweep).
            e.data.reason === 'reassigned' || e.data.reason === 'ack_timeout'
            ? e.data.reason
            : 'unassigned'
          : i.status === 'handed_over' || i.status === 'not_found' || i.status === 'cancelled' || i.status === 'closed' || i.status === 'duplicate'
            ? i.status
            : 'unassigned'
      setNotice({ incident: i, reason })
    },
    [teamId],
  )

  useEffect(() => {
    let buffer: LogEvent[] | null = null
    let live = true
    const apply = (e: LogEvent) => {
      if ((e.type === 'team.created' || e.type === 'team.status_changed') && e.after.id === teamId) setTeam(e.after)
      if (isIncidentChange(e)) onIncident(e.after, e)
    }
    const load = async () => {
      buffer = []
      try {
        const [t, a] = await Promise.all([getTeam(teamId), getAssignment(teamId)])
        if (!live) return
        setTeam(t)
        if (a) onIncident(a, null)
        else if (current.current) setAssignment(null)
        setError(null)
        setLoaded(true)
      } catch (err) {
        if (!live) return
        // No connection: show what this phone last knew (the team works on; its steps wait in the outbox).
        const last = err instanceof ApiError && err.code === 'network' && !current.current ? readLastKnown(teamId) : null
        if (last) {
          setTeam(last.team)
          if (last.assignment) onIncident(last.assignment, null)
          setLoaded(true)
        }
        setError(err)
      } finally {
        const pending = buffer ?? []
        buffer = null
        pending.forEach(apply)
      }
    }
    const conn = connectLive({
      onState: setConnection,
      onEvent: (e) => (buffer ? buffer.push(e) : apply(e)),
      // The first time and after every reconnection: the team and its case may have moved on.
      onSynced: () => void load(),
    })
    // The server re-sends an offer until a phone confirms it arrived.
    conn.socket.on('assignment:offer', (offer, ack) => {
      ack({ received: true })
      // A re-sent offer may be older than what the phone already shows (it was acknowledged).
      const shown = current.current
      if (shown?.id === offer.incident.id && shown.status !== 'assigned') return
      onIncident(offer.incident, null)
    })
    // Offline (or "online" with no data getting through) the socket never syncs: then load
    // anyway, and the phone shows what it last knew (offline-cache.ts).
    const fallback = setTimeout(() => void load(), navigator.onLine ? SYNC_FALLBACK_MS : 0)
    conn.socket.once('connect', () => clearTimeout(fallback))
    setSocket(conn.socket)
    return () => {
      live = false
      clearTimeout(fallback)
      conn.close()
      setSocket(null)
    }
  }, [teamId, onIncident])

  // Kept on the phone for a reload without a connection (cleared on sign-out).
  useEffect(() => {
    if (loaded && team) saveLastKnown(teamId, { team, assignment })
  }, [teamId, loaded, team, assignment])

  return {
    team,
    assignment,
    notice,
    connection,
    error,
    loaded,
    socket,
    setTeam,
    /** A command's answer is the incident after the change: show it at once. */
    applyIncident: (i: Incident) => onIncident(i, null),
    dismissNotice: () => setNotice(null),
    /** This phone ended the assignment (handover): show it without waiting for the socket. */
    finish: (incident: Incident, notice: FinishedNotice) => {
      if (current.current?.id === incident.id) setAssignment(null)
      current.current = null
      setNotice(notice)
    },
  }
}
