import type { Destination } from '@shared/destinations.js'
import type { LogEvent, TeamPositionUpdate, TeamPresenceUpdate } from '@shared/events.js'
import { queueCursorOf, type Incident, type IncidentCounts } from '@shared/incidents.js'
import type { StayAlertItem } from '@shared/stays.js'
import type { Team } from '@shared/teams.js'
import { connectLive, type ConnectionState, type Live } from '../../../lib/socket.js'
import { getDestinations } from '../api/get-destinations.js'
import { getActiveIncidents } from '../api/get-incidents.js'
import { getIncidentCounts } from '../api/get-incident-counts.js'
import { getQueuePage, QUEUE_PAGE_SIZE } from '../api/get-queue-page.js'
import { getStayAlerts } from '../api/get-stay-alerts.js'
import { getTeams } from '../api/get-teams.js'
import { getDutyNow } from '../api/get-duty-now.js'
import type { DutyNow } from '@shared/roster.js'

/**
 * What the console alerts on: a new report; a case whose team did not acknowledge in time (it
 * moves on to the next team); a case that timed out on every team it could go to; a case that
 * has waited longer than the city's WAIT_ALERT_MIN without a team.
 */
export type AlertKind = 'new' | 'ack_timeout' | 'all_timed_out' | 'waiting_long'

export interface NewIncidentAlert {
  /** The event's sequence number; negative for alerts the console raises itself (waiting too long). */
  seq: number
  incidentId: string
  kind: AlertKind
  /** The team that timed out (ack_timeout). */
  teamId?: string | null
  /** How many teams were tried (all_timed_out). */
  tried?: number
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
  /** Stays due soon or past their maximum (for roles with stay.alerts), minus those dismissed here. */
  stayAlerts: readonly StayAlertItem[]
  connection: ConnectionState
  loaded: boolean
  loadError: unknown
  /** Bumps when a team's status changes or a team is added (recommendations refetch). */
  teamsVersion: number
  /** Open cases counted by the server (the queue is loaded in pages, so the store cannot count). */
  counts: IncidentCounts | null
  /** How far the waiting queue is loaded: up to `loadedUpTo` (in queue order), or all of it. */
  queuePages: { loadedUpTo: Incident | null; complete: boolean; loading: boolean; error: unknown }
  /** The shift now, its supervisor and teams, the last shift's note (roles that may read the roster). */
  duty: DutyNow | null
  /** No team is on duty (the server's alarm, raised and cleared by events). */
  noTeamOnDuty: boolean
}

/** Counts are re-read at most this often while events come in. */
const COUNTS_REFRESH_MS = 1000

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
    stayAlerts: [],
    connection: 'connecting',
    loaded: false,
    loadError: null,
    teamsVersion: 0,
    counts: null,
    queuePages: { loadedUpTo: null, complete: false, loading: false, error: null },
    duty: null,
    noTeamOnDuty: false,
  }
  /** Whether this console may read the duty roster (call-takers, dispatchers, admins). */
  readsRoster = false
  private dutyTimer: ReturnType<typeof setTimeout> | null = null
  private countsTimer: ReturnType<typeof setTimeout> | null = null
  private listeners = new Set<() => void>()
  private live: Live | null = null
  private buffer: LogEvent[] | null = null
  /** Called for each alert raised (sound). */
  onAlert: (alert: NewIncidentAlert) => void = () => {}
  /** Incidents already alerted for waiting too long (once per incident and console). */
  private waitAlerted = new Set<string>()
  private nextLocalSeq = -1
  /** Stay alerts dismissed on this console (`stayId:alert`: an overdue alert after a due-soon one shows again). */
  private dismissedStay = new Set<string>()
  private stayAlertsLoading = false
  private stayAlertsAgain = false

  /** `stayAlerts`: whether the role may read the stay alerts (the server decides; this only avoids a 403). */
  constructor(private readonly opts: { stayAlerts?: boolean } = {}) {}

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
    this.live.socket.on('team:positions', (batch) => this.positions(batch))
    this.live.socket.on('team:presence', (u) => this.presence(u))
  }

  stop() {
    this.live?.close()
    this.live = null
    if (this.countsTimer) clearTimeout(this.countsTimer)
    this.countsTimer = null
    if (this.dutyTimer) clearTimeout(this.dutyTimer)
    this.dutyTimer = null
  }

  /** Re-reads who is on duty now (after a roster change, a shift change or a note). */
  async refreshDuty() {
    if (!this.readsRoster) return
    try {
      const duty = await getDutyNow()
      this.set({ duty, noTeamOnDuty: duty.noTeamOnDuty })
    } catch {
      /* the next roster event or reconnect asks again */
    }
  }

  private scheduleDuty() {
    if (this.dutyTimer || !this.live || !this.readsRoster) return
    this.dutyTimer = setTimeout(() => {
      this.dutyTimer = null
      void this.refreshDuty()
    }, COUNTS_REFRESH_MS)
  }

  /**
   * Full load: fetch the counts, the active cases, the first page of the waiting queue, the
   * teams and destinations, then replay events that came in meanwhile.
   */
  async load() {
    this.buffer = []
    try {
      const [counts, active, waiting, teams, destinations] = await Promise.all([getIncidentCounts(), getActiveIncidents(), getQueuePage(null), getTeams(), getDestinations()])
      this.set({
        counts,
        queuePages: pagesAfter(waiting, null),
        incidents: new Map([...active, ...waiting].map((i) => [i.id, i])),
        teams: new Map(teams.map((t) => [t.id, t])),
        destinations: new Map(destinations.map((d) => [d.id, d])),
        loaded: true,
        loadError: null,
        teamsVersion: this.state.teamsVersion + 1,
      })
      const pending = this.buffer
      this.buffer = null
      this.apply(pending)
      void this.refreshDuty()
      void this.refreshStayAlerts()
    } catch (err) {
      const pending = this.buffer ?? []
      this.buffer = null
      this.set({ loadError: err })
      this.apply(pending)
    }
  }

  /** Loads the next page of the waiting queue (the list's "more" button and its scroll end). */
  async loadMoreQueue() {
    const pages = this.state.queuePages
    if (pages.complete || pages.loading) return
    this.set({ queuePages: { ...pages, loading: true, error: null } })
    try {
      const page = await getQueuePage(pages.loadedUpTo ? queueCursorOf(pages.loadedUpTo) : null)
      const incidents = new Map(this.state.incidents)
      // A case already here is kept current by the events; the page adds the ones not seen yet.
      for (const i of page) if (!incidents.has(i.id)) incidents.set(i.id, i)
      this.set({ incidents, queuePages: pagesAfter(page, pages.loadedUpTo) })
    } catch (error) {
      this.set({ queuePages: { ...this.state.queuePages, loading: false, error } })
    }
  }

  private async refreshCounts() {
    try {
      this.set({ counts: await getIncidentCounts() })
    } catch {
      /* the next change or reconnect asks again */
    }
  }

  /** Incidents changed: re-read the counts soon, at most once per COUNTS_REFRESH_MS. */
  private scheduleCounts() {
    if (this.countsTimer || !this.live) return
    this.countsTimer = setTimeout(() => {
      this.countsTimer = null
      void this.refreshCounts()
    }, COUNTS_REFRESH_MS)
  }

  /** Re-reads the stay alerts (on load, and when a stay is alerted or ends); one read at a time. */
  private async refreshStayAlerts() {
    if (!this.opts.stayAlerts) return
    if (this.stayAlertsLoading) {
      this.stayAlertsAgain = true
      return
    }
    this.stayAlertsLoading = true
    try {
      do {
        this.stayAlertsAgain = false
        const list = await getStayAlerts()
        this.set({ stayAlerts: list.filter((a) => !this.dismissedStay.has(`${a.stay.id}:${a.stay.alert}`)) })
      } while (this.stayAlertsAgain)
    } catch {
      /* the next stay event or reconnect asks again */
    } finally {
      this.stayAlertsLoading = false
    }
  }

  dismissStayAlert(stayId: string) {
    const a = this.state.stayAlerts.find((x) => x.stay.id === stayId)
    if (a) this.dismissedStay.add(`${stayId}:${a.stay.alert}`)
    this.set({ stayAlerts: this.state.stayAlerts.filter((x) => x.stay.id !== stayId) })
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
    const raise = (a: NewIncidentAlert) => {
      alerts.push(a)
      this.onAlert(a)
    }
    let teamsChanged = false
    let noTeamOnDuty = this.state.noTeamOnDuty
    let dutyChanged = false
    let staysChanged = false
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
          raise({ seq: e.seq, incidentId: e.after.id, kind: 'new' })
          // A case found on patrol is the team's own: nothing to deliver to its phone.
          if (e.after.source === 'patrol') markDelivered(e.after.id, true)
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
        case 'team.updated':
          upsertTeam(e.after)
          break
        case 'team.status_changed':
          upsertTeam(e.after)
          break
        case 'destination.created':
        case 'destination.updated':
          upsertDestination(e.after)
          break
        case 'incident.ack_timeout':
          if (e.incidentId) raise({ seq: e.seq, incidentId: e.incidentId, kind: 'ack_timeout', teamId: e.teamId })
          break
        case 'incident.queued':
          if (e.incidentId && e.data.reason === 'all_timed_out') {
            const tried = typeof e.data.triedTeams === 'number' ? e.data.triedTeams : undefined
            raise({ seq: e.seq, incidentId: e.incidentId, kind: 'all_timed_out', ...(tried !== undefined ? { tried } : {}) })
          }
          break
        case 'alarm.raised':
        case 'alarm.cleared':
          if (e.data.alarm === 'no_team_on_duty') noTeamOnDuty = e.type === 'alarm.raised'
          break
        case 'roster.updated':
        case 'roster.note_written':
        case 'roster.shift_started':
        case 'settings.changed':
          dutyChanged = true
          break
        case 'incident.duplicate_flagged':
        case 'incident.photo_added':
        case 'handover.logged':
        case 'destination.imported':
        case 'account.created':
        case 'account.updated':
        case 'account.role_changed':
        case 'account.disabled':
        case 'account.enabled':
        case 'account.password_reset':
        case 'handover.receipt_confirmed':
        case 'person.created':
        case 'person.updated':
        case 'stay.checked_out':
        case 'stay.alerted':
          // The alert list is read again: it names the person, which the event does not carry.
          staysChanged = true
          break
        case 'stay.checked_in':
        case 'stay.agreement_added':
        case 'occupancy.adjusted':
        case 'log.redacted':
          // Shown in the timeline only; the incident's own change comes as its own event.
          break
        default: {
          const unknown: never = e
          void unknown
        }
      }
    }
    if (incidents) this.scheduleCounts()
    if (dutyChanged) this.scheduleDuty()
    if (staysChanged && this.state.loaded) void this.refreshStayAlerts()
    this.set({
      noTeamOnDuty,
      liveEvents,
      alerts,
      ...(incidents ? { incidents } : {}),
      ...(teams ? { teams } : {}),
      ...(destinations ? { destinations } : {}),
      ...(delivered ? { delivered } : {}),
      ...(teamsChanged ? { teamsVersion: this.state.teamsVersion + 1 } : {}),
    })
  }

  /** A batch of latest fixes (one per team that moved): one re-render for all of them. */
  private positions(batch: TeamPositionUpdate[]) {
    let teams: Map<string, Team> | null = null
    for (const u of batch) {
      const team = (teams ?? this.state.teams).get(u.teamId)
      if (!team) continue
      if (team.position && Date.parse(team.position.receivedAt) > Date.parse(u.position.receivedAt)) continue
      teams ??= new Map(this.state.teams)
      teams.set(u.teamId, { ...team, position: u.position })
    }
    if (teams) this.set({ teams })
  }

  /** A team's phone connected or went away (any server process). */
  private presence(u: TeamPresenceUpdate) {
    const team = this.state.teams.get(u.teamId)
    if (!team || team.phoneConnected === u.connected) return
    const teams = new Map(this.state.teams)
    teams.set(u.teamId, { ...team, phoneConnected: u.connected })
    this.set({ teams })
  }

  /** A command's answer is the record after the change: show it now, the event will agree. */
  upsertIncident(incident: Incident) {
    const incidents = new Map(this.state.incidents)
    incidents.set(incident.id, incident)
    this.set({ incidents })
    this.scheduleCounts()
  }

  upsertTeam(team: Team) {
    const teams = new Map(this.state.teams)
    teams.set(team.id, mergeTeam(teams.get(team.id), team))
    this.set({ teams, teamsVersion: this.state.teamsVersion + 1 })
  }

  /**
   * Raises a `waiting_long` alert (once per incident) for every case that has waited longer
   * than `waitMin` minutes without a team. Called by the console's timer.
   */
  checkWaiting(now: number, waitMin: number) {
    const raised: NewIncidentAlert[] = []
    for (const i of this.state.incidents.values()) {
      if (i.status !== 'reported' || this.waitAlerted.has(i.id)) continue
      if (now - Date.parse(i.times.reportedAt) < waitMin * 60_000) continue
      this.waitAlerted.add(i.id)
      raised.push({ seq: this.nextLocalSeq--, incidentId: i.id, kind: 'waiting_long' })
    }
    if (raised.length === 0) return
    this.set({ alerts: [...this.state.alerts, ...raised] })
    for (const a of raised) this.onAlert(a)
  }

  dismissAlert(seq: number) {
    this.set({ alerts: this.state.alerts.filter((a) => a.seq !== seq) })
  }

  dismissAlertsFor(incidentId: string) {
    if (this.state.alerts.some((a) => a.incidentId === incidentId)) this.set({ alerts: this.state.alerts.filter((a) => a.incidentId !== incidentId) })
  }
}

/** Where the queue stands after a page: a short page is the end of the queue. */
function pagesAfter(page: Incident[], before: Incident | null): DispatchState['queuePages'] {
  return { loadedUpTo: page.length ? page[page.length - 1]! : before, complete: page.length < QUEUE_PAGE_SIZE, loading: false, error: null }
}

/** A status snapshot may carry an older position than a live fix already shown: keep the newer. */
function mergeTeam(prev: Team | undefined, nextTeam: Team): Team {
  // Event snapshots do not say whether the phone is connected (presence is not logged): keep what is known.
  const next = nextTeam.phoneConnected === undefined && prev?.phoneConnected !== undefined ? { ...nextTeam, phoneConnected: prev.phoneConnected } : nextTeam
  if (!prev?.position || !next.position) return next.position ? next : { ...next, position: prev?.position ?? null }
  return Date.parse(prev.position.receivedAt) > Date.parse(next.position.receivedAt) ? { ...next, position: prev.position } : next
}
