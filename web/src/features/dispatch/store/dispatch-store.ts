import type { Destination } from '../../../../../shared/destinations.js'
import type { LogEvent, TeamPositionUpdate } from '../../../../../shared/events.js'
import type { Incident } from '../../../../../shared/incidents.js'
import type { Team } from '../../../../../shared/teams.js'
import { connectLive, type ConnectionState, type Live } from '../../../lib/socket.js'
import { getDestinations } from '../api/get-destinations.js'
import { getOpenIncidents } from '../api/get-incidents.js'
import { getTeams } from '../api/get-teams.js'

export interface NewIncidentAlert {
  seq: number
  incidentId: string
}

export interface DispatchState {
  incidents: ReadonlyMap<string, Incident>
  teams: ReadonlyMap<string, Team>
  destinations: ReadonlyMap<string, Destination>
  /** Events received live, per incident, for open timelines (merged with the fetched ones). */
  liveEvents: ReadonlyMap<string, readonly LogEvent[]>
  /** Incidents whose current assignment has reached the team's phone. */
  delivered: ReadonlySet<string>
  alerts: readonly NewIncidentAlert[]
  connection: ConnectionState
  loaded: boolean
  loadError: unknown
  /** Bumps when a team's status changes or a team is added (recommendations refetch). */
  teamsVersion: number
}

/** How many live events per incident are kept in memory. */
const MAX_LIVE_EVENTS = 200

/**
 * The console's one source of truth. The initial fetches and the socket's events update the
 * same maps: log events carry the full record after the change (`after`), so applying one is
 * an upsert. Load order avoids gaps: connect, wait for `log:synced`, fetch, then replay the
 * events that arrived during the fetch. After a dropped connection the socket sends lastSeq
 * and the server replays what was missed; positions (not in the log) are refetched.
 */
export class DispatchStore {
  private state: DispatchState = {
    incidents: new Map(),
    teams: new Map(),
    destinations: new Map(),
    liveEvents: new Map(),
    delivered: new Set(),
    alerts: [],
    connection: 'connecting',
    loaded: false,
    loadError: null,
    teamsVersion: 0,
  }
  private listeners = new Set<() => void>()
  private live: Live | null = null
  private buffer: LogEvent[] | null = null
  /** Called for each new-incident event (sound). */
  onNewIncident: (incidentId: string) => void = () => {}

  subscribe = (listener: () => void) => {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  getState = () => this.state

  private set(patch: Partial<DispatchState>) {
    this.state = { ...this.state, ...patch }
    for (const l of this.listeners) l()
  }

  start() {
    if (this.live) return
    this.live = connectLive({
      onState: (connection) => this.set({ connection }),
      onEvent: (e) => (this.buffer ? this.buffer.push(e) : this.apply([e])),
      onSynced: ({ first, reset }) => {
        if (first || reset) void this.load()
        else void this.refreshTeams()
      },
    })
    this.live.socket.on('team:position', (u) => this.position(u))
  }

  stop() {
    this.live?.close()
    this.live = null
  }

  /** Full load: fetch everything, then replay events that came in meanwhile. */
  async load() {
    this.buffer = []
    try {
      const [incidents, teams, destinations] = await Promise.all([getOpenIncidents(), getTeams(), getDestinations()])
      this.set({
        incidents: new Map(incidents.map((i) => [i.id, i])),
        teams: new Map(teams.map((t) => [t.id, t])),
        destinations: new Map(destinations.map((d) => [d.id, d])),
        loaded: true,
        loadError: null,
        teamsVersion: this.state.teamsVersion + 1,
      })
      const pending = this.buffer
      this.buffer = null
      this.apply(pending)
    } catch (err) {
      const pending = this.buffer ?? []
      this.buffer = null
      this.set({ loadError: err })
      this.apply(pending)
    }
  }

  private async refreshTeams() {
    try {
      const teams = await getTeams()
      const next = new Map(this.state.teams)
      for (const t of teams) next.set(t.id, mergeTeam(next.get(t.id), t))
      this.set({ teams: next, teamsVersion: this.state.teamsVersion + 1 })
    } catch {
      /* positions come back with the next fixes */
    }
  }

  /** Applies a batch of log events (in seq order) with one re-render. */
  private apply(events: LogEvent[]) {
    if (events.length === 0) return
    let incidents: Map<string, Incident> | null = null
    let teams: Map<string, Team> | null = null
    let destinations: Map<string, Destination> | null = null
    let delivered: Set<string> | null = null
    const liveEvents = new Map(this.state.liveEvents)
    const alerts = [...this.state.alerts]
    let teamsChanged = false
    const upsertIncident = (i: Incident) => {
      incidents ??= new Map(this.state.incidents)
      incidents.set(i.id, i)
    }
    const upsertTeam = (t: Team) => {
      teams ??= new Map(this.state.teams)
      teams.set(t.id, mergeTeam(teams.get(t.id), t))
      teamsChanged = true
    }
    const upsertDestination = (d: Destination) => {
      destinations ??= new Map(this.state.destinations)
      destinations.set(d.id, d)
    }
    const markDelivered = (incidentId: string, yes: boolean) => {
      delivered ??= new Set(this.state.delivered)
      if (yes) delivered.add(incidentId)
      else delivered.delete(incidentId)
    }
    for (const e of events) {
      if (e.incidentId) liveEvents.set(e.incidentId, [...(liveEvents.get(e.incidentId) ?? []), e].slice(-MAX_LIVE_EVENTS))
      switch (e.type) {
        case 'incident.reported':
          upsertIncident(e.after)
          alerts.push({ seq: e.seq, incidentId: e.after.id })
          this.onNewIncident(e.after.id)
          break
        case 'incident.assigned':
        case 'incident.unassigned':
          upsertIncident(e.after)
          // A new assignment has not reached the phone yet; an ended one no longer matters.
          markDelivered(e.after.id, false)
          break
        case 'incident.transitioned':
        case 'incident.priority_changed':
        case 'incident.merged':
          upsertIncident(e.after)
          break
        case 'assignment.delivered':
          if (e.incidentId) markDelivered(e.incidentId, true)
          break
        case 'team.created':
          upsertTeam(e.after)
          break
        case 'team.status_changed':
          upsertTeam(e.after)
          break
        case 'destination.created':
        case 'destination.updated':
          upsertDestination(e.after)
          break
        case 'incident.duplicate_flagged':
        case 'incident.ack_timeout':
        case 'incident.queued':
        case 'incident.photo_added':
        case 'handover.logged':
          // Shown in the timeline only; the incident's own change comes as its own event.
          break
        default: {
          const unknown: never = e
          void unknown
        }
      }
    }
    this.set({
      liveEvents,
      alerts,
      ...(incidents ? { incidents } : {}),
      ...(teams ? { teams } : {}),
      ...(destinations ? { destinations } : {}),
      ...(delivered ? { delivered } : {}),
      ...(teamsChanged ? { teamsVersion: this.state.teamsVersion + 1 } : {}),
    })
  }

  private position(u: TeamPositionUpdate) {
    const team = this.state.teams.get(u.teamId)
    if (!team) return
    if (team.position && Date.parse(team.position.receivedAt) > Date.parse(u.position.receivedAt)) return
    const teams = new Map(this.state.teams)
    teams.set(u.teamId, { ...team, position: u.position })
    this.set({ teams })
  }

  /** A command's answer is the record after the change: show it now, the event will agree. */
  upsertIncident(incident: Incident) {
    const incidents = new Map(this.state.incidents)
    incidents.set(incident.id, incident)
    this.set({ incidents })
  }

  upsertTeam(team: Team) {
    const teams = new Map(this.state.teams)
    teams.set(team.id, mergeTeam(teams.get(team.id), team))
    this.set({ teams, teamsVersion: this.state.teamsVersion + 1 })
  }

  dismissAlert(seq: number) {
    this.set({ alerts: this.state.alerts.filter((a) => a.seq !== seq) })
  }

  dismissAlertsFor(incidentId: string) {
    if (this.state.alerts.some((a) => a.incidentId === incidentId)) this.set({ alerts: this.state.alerts.filter((a) => a.incidentId !== incidentId) })
  }
}

/** A status snapshot may carry an older position than a live fix already shown: keep the newer. */
function mergeTeam(prev: Team | undefined, next: Team): Team {
  if (!prev?.position || !next.position) return next.position ? next : { ...next, position: prev?.position ?? null }
  return Date.parse(prev.position.receivedAt) > Date.parse(next.position.receivedAt) ? { ...next, position: prev.position } : next
}

