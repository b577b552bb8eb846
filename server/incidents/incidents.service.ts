import type { Actor } from '@shared/events.js'
import { boundDeviceTime } from '@shared/device-time.js'
import type {
  CallTakerReport,
  Incident,
  PatrolCase,
  IncidentCounts,
  IncidentFilter,
  IncidentStatus,
  IncidentTimes,
  Priority,
  QueuePageQuery,
  ReportIncident,
  ReportReceipt,
  TrackingView,
  TransitionRequest,
} from '@shared/incidents.js'
import { CLOSED_STATUSES, DISPOSITIONS_FROM, DISPOSITIONS_NEEDING_NOTE, QUEUE_PAGE_MAX, TEAM_REQUESTABLE, canTransition, derivePriority } from '@shared/incidents.js'
import { ASSIGNABLE_TEAM_STATUSES, TEAM_STATUS_FOR_INCIDENT } from '@shared/teams.js'
import type { LogEvent } from '@shared/events.js'
import type { RecommendedDestination } from '@shared/destinations.js'
import type { AuthService } from '../auth/auth.service.js'
import type { ReadScope } from '../auth/read-scope.js'
import { eventForRole, redactIncident, seesPersonalData } from '../auth/redact.js'
import type { Deps } from '../context.js'
import type { DestinationsService } from '../destinations/destinations.service.js'
import type { Caller } from '../http/identity.js'
import { assertOwnTeam } from '../teams/teams.service.js'
import { assignmentsRepository } from '../dispatch/assignments.repository.js'
import { destinationsRepository } from '../destinations/destinations.repository.js'
import { SYSTEM, holdForReview, type DispatchService } from '../dispatch/dispatch.service.js'
import { boxAround } from '../dispatch/ranking.js'
import { AppError, notFound } from '../errors.js'
import { eventsRepository } from '../events/events.repository.js'
import { teamsRepository } from '../teams/teams.repository.js'
import type { TeamsService } from '../teams/teams.service.js'
import { incidentsRepository, toTrackingView, type IncidentChanges } from './incidents.repository.js'

/** The time of the status a step leaves: a step's time is never before it. */
const STEP_SINCE: Partial<Record<IncidentStatus, keyof IncidentTimes>> = {
  assigned: 'assignedAt',
  acknowledged: 'acknowledgedAt',
  en_route: 'enRouteAt',
  on_scene: 'onSceneAt',
  transporting: 'transportingAt',
}

export class IncidentsService {
  constructor(
    private readonly d: Deps,
    private readonly teams: TeamsService,
    private readonly dispatch: DispatchService,
    private readonly auth: AuthService,
    private readonly scope: ReadScope,
    private readonly destinations: DestinationsService,
  ) {}

  trackingUrl(code: string): string {
    return `${this.d.config.PUBLIC_URL ?? ''}/track/${code}`
  }

  /**
   * A case a team found on patrol, started from its phone for itself: labelled like a report
   * (the same service-area rule), created on scene with the team already bound and
   * acknowledged: no auto-dispatch, no offer, no acknowledgement deadline (decision 015).
   * Refused (409) when the team is off duty or already holds an open case.
   */
  async reportOnPatrol(input: PatrolCase, actor: Actor, teamId: string): Promise<Incident> {
    const area = this.locate(input.location)
    return this.d.transaction(async (tx, uow) => {
      // A new incident is locked by no one, so taking the team's lock first keeps the order.
      const [teamRow] = await teamsRepository.lock(tx, [teamId])
      if (!teamRow) throw notFound('Team', teamId)
      if (teamRow.status === 'off_duty') {
        throw new AppError('conflict', `Team ${teamRow.callSign} is off duty; go on duty before starting a case found on patrol`, [{ path: 'team.status', message: 'off duty' }])
      }
      const holds = await teamsRepository.openIncidentOf(tx, teamId)
      if (holds) {
        throw new AppError('conflict', `Team ${teamRow.callSign} already holds open case ${holds}; finish it (or ask a dispatcher to take it off) before starting another`, [
          { path: 'team', message: `holds open case ${holds}` },
        ])
      }
      const now = this.d.clock.now()
      // Started in a dead zone and sent later from the phone's outbox: at the phone's time,
      // never before the team's current status began (it was free and on duty from then) nor
      // later than received (shared/device-time.ts, decision 015).
      const started = boundDeviceTime(input.deviceTime ? new Date(input.deviceTime) : null, now, new Date(teamRow.statusChangedAt))
      const at = started.at.toISOString()
      const draft: Incident = {
        id: this.d.ids.uuid(),
        // Required by the table; no one is given a tracking link for a patrol case (no citizen reported it).
        trackingCode: this.d.ids.trackingCode(),
        category: input.category,
        priority: derivePriority(input.category, input.answers),
        answers: input.answers,
        status: 'on_scene',
        location: { lon: input.location.lon, lat: input.location.lat, accuracyM: input.location.accuracyM ?? null },
        locationSource: input.locationSource,
        address: input.address ?? null,
        description: input.description,
        area,
        source: 'patrol',
        reporter: null,
        teamId,
        destinationId: null,
        duplicateOf: null,
        possibleDuplicates: [],
        disposition: null,
        dispositionNote: null,
        times: { reportedAt: at, assignedAt: at, acknowledgedAt: at, enRouteAt: null, onSceneAt: at, transportingAt: null, handedOverAt: null, closedAt: null },
        ackDeadline: null,
      }
      const incident = await incidentsRepository.insertPatrol(tx, draft, { id: this.d.ids.uuid(), by: actor }, started.at, now)
      const phone = input.deviceTime ? { deviceTime: input.deviceTime, deviceTimeAdjusted: started.adjusted } : {}
      uow.log({ type: 'incident.reported', actor, incidentId: incident.id, teamId, after: incident, data: { to: 'on_scene', ...phone } })
      await this.teams.setLockedStatus(tx, uow, teamRow, 'on_scene', actor, incident.id, { incidentId: incident.id, ...phone }, started.at)
      return incident
    })
  }

  /** The kecamatan and kelurahan of a place in the service area; 422 outside it. */
  private locate(location: ReportIncident['location']) {
    const area = this.d.area.locate(location)
    if (!area) {
      throw new AppError('outside_service_area', `The location is outside the service area of ${this.d.city.config.name}`, [
        { path: 'location', message: `outside the service area of ${this.d.city.config.name}` },
      ])
    }
    return area
  }

  /** A new case from a citizen or a call-taker. Labels, flags duplicates, and in auto mode assigns. */
  async report(input: ReportIncident | CallTakerReport, actor: Actor, source: 'citizen' | 'call_taker'): Promise<{ incident: Incident; receipt: ReportReceipt }> {
    const area = this.locate(input.location)
    const priority: Priority = ('priority' in input && input.priority) || derivePriority(input.category, input.answers)
    const auto = this.d.config.ASSIGNMENT_MODE === 'auto'
    // The nearest free teams come from memory, before the transaction opens.
    const candidates = auto ? await this.dispatch.nearestCandidates(input.location) : []
    return this.d.transaction(async (tx, uow) => {
      const now = this.d.clock.now()
      const draft: Incident = {
        id: this.d.ids.uuid(),
        trackingCode: this.d.ids.trackingCode(),
        category: input.category,
        priority,
        answers: input.answers,
        status: 'reported',
        location: { lon: input.location.lon, lat: input.location.lat, accuracyM: input.location.accuracyM ?? null },
        locationSource: input.locationSource,
        address: input.address ?? null,
        description: input.description,
        area,
        source,
        reporter: input.reporter ?? null,
        teamId: null,
        destinationId: null,
        duplicateOf: null,
        possibleDuplicates: [],
        disposition: null,
        dispositionNote: null,
        times: { reportedAt: now.toISOString(), assignedAt: null, acknowledgedAt: null, enRouteAt: null, onSceneAt: null, transportingAt: null, handedOverAt: null, closedAt: null },
        ackDeadline: null,
      }
      const { DUPLICATE_RADIUS_M: radius, DUPLICATE_WINDOW_MIN: window } = this.d.config
      const { stalePositionMin: STALE_POSITION_MIN, ackTimeoutS: ACK_TIMEOUT_S } = this.d.settings.current()
      const assignmentId = this.d.ids.uuid()
      // One statement: the duplicate check, the incident and, if a candidate is free and no
      // older case of the same urgency waits, the team bound to it.
      const out = await incidentsRepository.insertReport(
        tx,
        draft,
        {
          duplicates: radius > 0 && window > 0 ? { radiusM: radius, since: new Date(now.getTime() - window * 60_000), box: boxAround(input.location, radius) } : null,
          candidates,
          statuses: ASSIGNABLE_TEAM_STATUSES,
          freshSince: new Date(now.getTime() - STALE_POSITION_MIN * 60_000),
          assignmentId,
          ackDeadline: new Date(now.getTime() + ACK_TIMEOUT_S * 1000),
          by: SYSTEM,
        },
        now,
      )
      let incident = out.incident
      const reported: Incident = out.team ? { ...incident, status: 'reported', teamId: null, times: { ...incident.times, assignedAt: null }, ackDeadline: null } : incident
      uow.log({ type: 'incident.reported', actor, incidentId: incident.id, after: reported })
      if (incident.possibleDuplicates.length > 0) {
        uow.log({ type: 'incident.duplicate_flagged', actor: SYSTEM, incidentId: incident.id, data: { possibleDuplicates: incident.possibleDuplicates } })
      }
      if (out.team) incident = this.dispatch.recordReportBind(uow, reported, incident, out.team, assignmentId)
      else if (auto && !holdForReview(incident)) incident = await this.dispatch.serveQueueWith(tx, uow, incident, out.waitingAhead, candidates)
      const receipt: ReportReceipt = {
        id: incident.id,
        trackingCode: incident.trackingCode,
        trackingUrl: this.trackingUrl(incident.trackingCode),
        status: incident.status,
        priority: incident.priority,
        area: incident.area,
      }
      return { incident, receipt }
    })
  }

  async get(id: string): Promise<Incident> {
    const incident = await incidentsRepository.get(this.d.db.sql, id)
    if (!incident) throw notFound('Incident', id)
    return incident
  }

  list(filter: IncidentFilter): Promise<Incident[]> {
    return incidentsRepository.list(this.d.db.sql, filter)
  }

  /** The waiting queue in order: a page of it when `page` says so, otherwise all of it. */
  queue(page?: QueuePageQuery): Promise<Incident[]> {
    if (page?.limit === undefined && !page?.after) return incidentsRepository.queued(this.d.db.sql)
    return incidentsRepository.queuePage(this.d.db.sql, { limit: page.limit ?? QUEUE_PAGE_MAX, after: page.after })
  }

  /** Open cases counted by state: waiting by priority, active (a team on it) by status. */
  async counts(): Promise<IncidentCounts> {
    const out: IncidentCounts = { waiting: { total: 0, byPriority: { critical: 0, high: 0, normal: 0 } }, active: { total: 0, byStatus: {} } }
    for (const r of await incidentsRepository.openCounts(this.d.db.sql)) {
      if (r.status === 'reported') {
        out.waiting.total += r.n
        out.waiting.byPriority[r.priority] += r.n
      } else {
        out.active.total += r.n
        out.active.byStatus[r.status] = (out.active.byStatus[r.status] ?? 0) + r.n
      }
    }
    return out
  }

  async timeline(id: string): Promise<LogEvent[]> {
    await this.get(id)
    return eventsRepository.forIncident(this.d.db.sql, id)
  }

  async track(code: string): Promise<TrackingView> {
    const incident = await incidentsRepository.getByTrackingCode(this.d.db.sql, code)
    if (!incident) throw new AppError('not_found', 'No report has this tracking code')
    return toTrackingView(incident)
  }

  /** A lifecycle step requested by a team, or by a dispatcher (also on a team's behalf). */
  async transition(id: string, req: TransitionRequest, actor: Actor): Promise<Incident> {
    if (actor.kind === 'team' && !TEAM_REQUESTABLE.includes(req.to)) {
      throw new AppError('forbidden', `A team cannot set an incident to ${req.to}; a dispatcher does`)
    }
    if (req.to === 'reported') return this.dispatch.unassign(id, actor)
    return this.d.transaction(async (tx, uow) => {
      const incident = await incidentsRepository.get(tx, id, { lock: true })
      if (!incident) throw notFound('Incident', id)
      const from = incident.status
      if (!canTransition(from, req.to)) {
        throw new AppError('invalid_transition', `Incident ${id} cannot go from ${from} to ${req.to}`)
      }
      if (actor.kind === 'team' && incident.teamId !== actor.id) throw new AppError('forbidden', `Incident ${id} is not assigned to this team`)
      const needsDisposition = req.to === 'closed' || req.to === 'cancelled'
      // The step's time: the phone's own (a step sent later from its outbox), within bounds.
      const since = STEP_SINCE[from]
      const stepAt = boundDeviceTime(req.deviceTime ? new Date(req.deviceTime) : null, this.d.clock.now(), since && incident.times[since] ? new Date(incident.times[since]) : null)
      const changes: IncidentChanges = { status: req.to, statusAt: stepAt.at }
      if (req.destinationId) {
        if (req.to !== 'transporting')
          throw new AppError('validation_failed', 'destinationId: only with transporting', [{ path: 'destinationId', message: 'allowed only when the team starts transporting' }])
        const dest = await destinationsRepository.get(tx, req.destinationId)
        if (!dest || !dest.active) throw new AppError('validation_failed', `destinationId: destination ${req.destinationId} was not found`, [{ path: 'destinationId', message: 'not found' }])
        changes.destinationId = dest.id
      }
      if (needsDisposition) {
        const allowed = DISPOSITIONS_FROM[from] ?? []
        if (!req.disposition) {
          throw new AppError('validation_failed', `A disposition is required to set ${req.to} (one of: ${allowed.join(', ')})`, [{ path: 'disposition', message: 'required' }])
        }
        if (!allowed.includes(req.disposition)) {
          throw new AppError('validation_failed', `Disposition ${req.disposition} does not fit an incident that is ${from} (allowed: ${allowed.join(', ')})`, [
            { path: 'disposition', message: `not allowed from ${from}` },
          ])
        }
        if (DISPOSITIONS_NEEDING_NOTE.includes(req.disposition) && !req.note) {
          throw new AppError('validation_failed', `Disposition ${req.disposition} needs a note`, [{ path: 'note', message: `required with disposition ${req.disposition}` }])
        }
        changes.disposition = req.disposition
        changes.dispositionNote = req.note ?? null
      }
      // The lock order: the incident (above), then its team, then the assignment and both statuses.
      const [teamRow] = incident.teamId ? await teamsRepository.lock(tx, [incident.teamId]) : []
      const now = this.d.clock.now()
      if (req.to === 'acknowledged') {
        await assignmentsRepository.acknowledgeOpen(tx, id, now)
        changes.ackDeadline = null
      }
      const ending = req.to === 'not_found' || req.to === 'cancelled' || req.to === 'closed'
      const released = ending ? await assignmentsRepository.endOpen(tx, id, req.to === 'cancelled' ? 'cancelled' : req.to === 'not_found' ? 'not_found' : 'completed', now) : null
      if (released) changes.ackDeadline = null
      const after = await incidentsRepository.update(tx, id, changes, now)
      uow.log({
        type: 'incident.transitioned',
        actor,
        incidentId: id,
        teamId: incident.teamId,
        destinationId: after.destinationId,
        before: incident,
        after,
        data: { from, to: req.to, onBehalfOfTeam: req.onBehalfOfTeam ?? false, ...(req.deviceTime ? { deviceTime: req.deviceTime, deviceTimeAdjusted: stepAt.adjusted } : {}) },
      })
      // A case the dispatcher cancelled while a team held it: the team's phones hear.
      if (released && req.to === 'cancelled' && actor.kind !== 'team') {
        uow.effect({ type: 'team.notify', teamId: released, message: { kind: 'withdrawn', incidentId: id, category: incident.category, kecamatan: incident.area.kecamatan, reason: req.to } })
      }
      // Keep the team's status in step with its incident, under the lock taken above.
      if (released) {
        const to = req.to === 'cancelled' && from !== 'on_scene' ? 'available' : 'returning'
        if (teamRow?.id === released) await this.teams.setLockedStatus(tx, uow, teamRow, to, actor, null, { incidentId: id })
        else await this.teams.get(released, tx, { lock: true }).then(() => this.teams.changeStatus(tx, uow, released, to, actor, { incidentId: id }))
      } else if (teamRow && !ending) {
        const teamStatus = TEAM_STATUS_FOR_INCIDENT[req.to]
        if (teamStatus) await this.teams.setLockedStatus(tx, uow, teamRow, teamStatus, actor, id, { incidentId: id })
      }
      return after
    })
  }

  async changePriority(id: string, priority: Priority, note: string | undefined, actor: Actor): Promise<Incident> {
    return this.d.transaction(async (tx, uow) => {
      const incident = await incidentsRepository.get(tx, id, { lock: true })
      if (!incident) throw notFound('Incident', id)
      if (CLOSED_STATUSES.includes(incident.status)) {
        throw new AppError('invalid_transition', `Incident ${id} is ${incident.status}; its priority can no longer change`)
      }
      const after = await incidentsRepository.update(tx, id, { priority }, this.d.clock.now())
      uow.log({ type: 'incident.priority_changed', actor, incidentId: id, teamId: incident.teamId, before: incident, after, data: { from: incident.priority, to: priority, note: note ?? null } })
      return after
    })
  }

  /** Marks `id` as a duplicate of `into`; its team (if any) is freed. Nothing is deleted. */
  async merge(id: string, into: string, actor: Actor): Promise<Incident> {
    if (id === into) throw new AppError('validation_failed', 'An incident cannot be merged into itself', [{ path: 'into', message: 'must differ from the incident' }])
    return this.d.transaction(async (tx, uow) => {
      // Lock in id order so two opposite merges cannot deadlock.
      const locked = new Map<string, Incident>()
      for (const lockId of [id, into].sort()) {
        const row = await incidentsRepository.get(tx, lockId, { lock: true })
        if (row) locked.set(row.id, row)
      }
      // Look each one up by its own id: a missing row must not leave both names on the other.
      const incident = locked.get(id)
      const target = locked.get(into)
      if (!incident) throw notFound('Incident', id)
      if (!target) throw notFound('Incident', into)
      if (!canTransition(incident.status, 'duplicate')) {
        throw new AppError('invalid_transition', `Incident ${id} cannot go from ${incident.status} to duplicate`)
      }
      if (CLOSED_STATUSES.includes(target.status)) {
        throw new AppError('invalid_transition', `Incident ${into} is ${target.status}; merge into an open incident`)
      }
      let current = incident
      if (incident.teamId) current = await this.dispatch.release(tx, uow, incident, 'merged', actor)
      const now = this.d.clock.now()
      const after = await incidentsRepository.update(tx, id, { status: 'duplicate', statusAt: now, duplicateOf: into, disposition: 'duplicate' }, now)
      uow.log({ type: 'incident.merged', actor, incidentId: id, before: current, after, data: { into } })
      return after
    })
  }

  // Reads as a caller may make them: which cases (a team: its current one), how much of each
  // (viewers: no personal data) and the access-log row, decided here so no route can forget
  // one (issue #12 item 2).

  /** Viewers get records without personal data; everyone else's reads of it are logged. */
  private async share(caller: Caller, incidents: Incident[], action: string): Promise<Incident[]> {
    if (!seesPersonalData(caller.who)) return incidents.map(redactIncident)
    await this.auth.logAccess(
      caller.who,
      'incident',
      incidents.map((i) => i.id),
      action,
      caller.requestId,
    )
    return incidents
  }

  async listFor(caller: Caller, filter: IncidentFilter): Promise<Incident[]> {
    return this.share(caller, await this.list(filter), 'list')
  }

  async queueFor(caller: Caller, page?: QueuePageQuery): Promise<Incident[]> {
    return this.share(caller, await this.queue(page), 'list')
  }

  /** One case, if the caller may read it now. */
  async read(caller: Caller, id: string): Promise<Incident> {
    const incident = await this.get(id)
    await this.scope.assertCanRead(caller.who, incident)
    return (await this.share(caller, [incident], 'read'))[0]!
  }

  /** The case's events, each as the caller's role sees it (the same rule as the live feed). */
  async timelineFor(caller: Caller, id: string): Promise<LogEvent[]> {
    const shown = (await this.timeline(id)).map((e) => eventForRole(caller.who.role, e))
    if (seesPersonalData(caller.who)) await this.auth.logAccess(caller.who, 'incident', [id], 'timeline', caller.requestId)
    return shown
  }

  /** Where the case may go, nearest first from the team on it (or from the case). */
  async destinationsFor(caller: Caller, id: string): Promise<RecommendedDestination[]> {
    const incident = await this.get(id)
    await this.scope.assertCanRead(caller.who, incident)
    const team = incident.teamId ? await this.teams.get(incident.teamId) : null
    return this.destinations.recommend(team?.position ?? incident.location, incident.category)
  }

  /** The case a team holds now, or null (a team member: their own team's), the read logged. */
  async currentCaseOf(caller: Caller, teamId: string): Promise<Incident | null> {
    assertOwnTeam(caller.who, teamId)
    const team = await this.teams.get(teamId)
    if (!team.currentIncidentId) return null
    await this.auth.logAccess(caller.who, 'incident', [team.currentIncidentId], 'read', caller.requestId)
    return this.get(team.currentIncidentId)
  }

  /** A case the caller's own team found on patrol. */
  async reportOnPatrolFor(caller: Caller, input: PatrolCase): Promise<Incident> {
    if (!caller.who.teamId) throw new AppError('forbidden', 'This account belongs to no team')
    return this.reportOnPatrol(input, caller.who.actor, caller.who.teamId)
  }

  /** A lifecycle step; a dispatcher acting on the team's behalf is recorded as such. */
  async requestTransition(caller: Caller, id: string, req: TransitionRequest): Promise<Incident> {
    const who = caller.who
    const actor = req.onBehalfOfTeam && who.role !== 'team' ? { ...who.actor, onBehalfOf: (await this.get(id)).teamId } : who.actor
    return this.transition(id, req, actor)
  }
}
