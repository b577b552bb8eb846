import type { Actor } from '../../shared/events.js'
import type { Incident } from '../../shared/incidents.js'
import type { RankedTeam } from '../../shared/teams.js'
import { ASSIGNABLE_TEAM_STATUSES } from '../../shared/teams.js'
import type { Deps } from '../context.js'
import type { Tx, UnitOfWork } from '../db/transaction.js'
import { AppError, conflict, isUniqueViolation, notFound } from '../errors.js'
import { incidentsRepository } from '../incidents/incidents.repository.js'
import { teamsRepository, toTeam } from '../teams/teams.repository.js'
import type { TeamsService } from '../teams/teams.service.js'
import { assignmentsRepository, type EndReason } from './assignments.repository.js'
import { boxAround, rankByCost, straightLineMetres, type TravelCost } from './ranking.js'

const SYSTEM: Actor = { kind: 'system', id: null }
/** Rings of the outward search for a free team (metres; null = everywhere). */
const SEARCH_RADII_M = [5_000, 20_000, null] as const
/** How many waiting incidents a freed team looks at when choosing one. */
const QUEUE_LOOKAHEAD = 50

/** Assignment: recommending, assigning, re-offering on timeout and serving the queue. */
export class DispatchService {
  constructor(
    private readonly d: Deps,
    private readonly teams: TeamsService,
    private readonly cost: TravelCost = straightLineMetres,
  ) {}

  private freshSince(): Date {
    return new Date(this.d.clock.now().getTime() - this.d.config.STALE_POSITION_MIN * 60_000)
  }

  /** Free, on-duty teams with a fresh position, nearest first. */
  async recommend(incidentId: string, q: Tx | undefined = undefined): Promise<RankedTeam[]> {
    const sql = q ?? this.d.db.sql
    const incident = await incidentsRepository.get(sql, incidentId)
    if (!incident) throw notFound('Incident', incidentId)
    return this.rank(sql, incident, [])
  }

  private async rank(q: Tx | Deps['db']['sql'], incident: Incident, exclude: string[], radiusM: number | null = null): Promise<RankedTeam[]> {
    const now = this.d.clock.now()
    const staleMs = this.d.config.STALE_POSITION_MIN * 60_000
    const box = radiusM === null ? null : boxAround(incident.location, radiusM)
    const rows = await teamsRepository.candidates(q, ASSIGNABLE_TEAM_STATUSES, this.freshSince(), box)
    const teams = rows.map((r) => toTeam(r, now, staleMs)).filter((t) => t.position && !exclude.includes(t.id))
    return rankByCost(incident.location, teams, (t) => t.position!, this.cost).map(({ item, distanceM }) => ({ team: item, distanceM }))
  }

  /**
   * Binds a team to an incident inside the caller's transaction. The caller has locked the
   * incident row and the team row; the partial unique indexes are the last line of defence.
   */
  private async bind(tx: Tx, uow: UnitOfWork, incident: Incident, teamId: string, actor: Actor, data: Record<string, unknown>): Promise<Incident> {
    const now = this.d.clock.now()
    const ackDeadline = new Date(now.getTime() + this.d.config.ACK_TIMEOUT_S * 1000)
    const assignmentId = this.d.ids.uuid()
    await assignmentsRepository.insert(tx, { id: assignmentId, incidentId: incident.id, teamId, ackDeadline, by: actor }, now)
    const after = await incidentsRepository.update(tx, incident.id, { status: 'assigned', team_id: teamId, assigned_at: incident.times.assignedAt ? new Date(incident.times.assignedAt) : now, ack_deadline: ackDeadline }, now)
    uow.log({ type: 'incident.assigned', actor, incidentId: incident.id, teamId, before: incident, after, data: { assignmentId, ...data } })
    await this.teams.changeStatus(tx, uow, teamId, 'assigned', actor, { incidentId: incident.id })
    return after
  }

  /** Tries the ranked teams nearest first, taking the first still free when locked; null if none. */
  private async tryNearest(tx: Tx, uow: UnitOfWork, incident: Incident, actor: Actor, exclude: string[]): Promise<Incident | null> {
    // Search outward in rings so a large fleet is not loaded for every report. A team found in
    // a ring's box counts only within the ring's radius: a box corner may be farther than a
    // team just outside the box.
    for (const radius of SEARCH_RADII_M) {
      const ranked = await this.rank(tx, incident, exclude, radius)
      for (const { team, distanceM } of ranked) {
        if (radius !== null && distanceM > radius) break
        if (await teamsRepository.lockIfFree(tx, team.id, ASSIGNABLE_TEAM_STATUSES, this.freshSince())) {
          return this.bind(tx, uow, incident, team.id, actor, { mode: 'auto', distanceM })
        }
      }
    }
    return null
  }

  /** Auto mode for one incident: the nearest free team, or the queue (logged). */
  async autoAssign(tx: Tx, uow: UnitOfWork, incident: Incident, actor: Actor, exclude: string[] = []): Promise<Incident> {
    const assigned = await this.tryNearest(tx, uow, incident, actor, exclude)
    if (assigned) return assigned
    uow.log({ type: 'incident.queued', actor: SYSTEM, incidentId: incident.id, data: { reason: 'no_team_free' } })
    return incident
  }

  /**
   * Auto mode for a new report: free teams go to waiting incidents in queue order (priority,
   * then age), the new one included, so a new report never takes a team that an older, at
   * least as urgent one is waiting for (e.g. in the moment between a team freeing up and the
   * queue being offered to it). Returns the new incident, assigned or queued.
   */
  async serveQueueWith(tx: Tx, uow: UnitOfWork, fresh: Incident): Promise<Incident> {
    let result: Incident = fresh
    for (const incident of await incidentsRepository.lockQueued(tx, QUEUE_LOOKAHEAD)) {
      if (holdForReview(incident)) continue
      const exclude = await assignmentsRepository.teamsExcluded(tx, incident.id)
      const assigned = await this.tryNearest(tx, uow, incident, SYSTEM, exclude)
      if (assigned && incident.id === fresh.id) result = assigned
      if (!assigned && exclude.length === 0) break // no free team at all: the rest wait too
    }
    if (result.status === 'reported') uow.log({ type: 'incident.queued', actor: SYSTEM, incidentId: fresh.id, data: { reason: 'no_team_free' } })
    return result
  }

  /** A dispatcher's choice of team: assigns, or reassigns from the current team. */
  async assign(incidentId: string, teamId: string, actor: Actor): Promise<Incident> {
    let freed: string | null = null
    try {
      const result = await this.d.transaction(async (tx, uow) => {
        const incident = await incidentsRepository.get(tx, incidentId, { lock: true })
        if (!incident) throw notFound('Incident', incidentId)
        if (!['reported', 'assigned', 'acknowledged', 'en_route'].includes(incident.status)) {
          throw new AppError('invalid_transition', `Incident ${incidentId} is ${incident.status}; only a reported, assigned, acknowledged or en route incident can be (re)assigned`)
        }
        if (incident.teamId === teamId) throw conflict(`Team ${teamId} is already assigned to incident ${incidentId}`)
        if (!(await teamsRepository.exists(tx, teamId))) throw notFound('Team', teamId)
        const [teamRow] = await teamsRepository.list(tx, teamId, { lock: true })
        const team = toTeam(teamRow!, this.d.clock.now(), this.d.config.STALE_POSITION_MIN * 60_000)
        if (!ASSIGNABLE_TEAM_STATUSES.includes(team.status) || team.currentIncidentId) {
          throw conflict(`Team ${team.callSign} is ${team.status}${team.currentIncidentId ? ` on incident ${team.currentIncidentId}` : ''} and cannot take another incident`)
        }
        let current = incident
        if (incident.teamId) {
          freed = incident.teamId
          current = await this.release(tx, uow, incident, 'reassigned', actor)
        }
        return this.bind(tx, uow, current, teamId, actor, { mode: 'manual', reassignedFrom: freed })
      })
      return result
    } catch (err) {
      if (isUniqueViolation(err)) throw conflict('The team or the incident was assigned by someone else at the same moment; reload and try again')
      throw err
    }
  }

  /**
   * Ends the incident's active assignment and frees its team. The incident goes back to
   * `reported` unless `nextStatus` says otherwise. Caller holds the incident lock.
   */
  async release(tx: Tx, uow: UnitOfWork, incident: Incident, reason: EndReason, actor: Actor, teamStatus: 'available' | 'returning' = 'available'): Promise<Incident> {
    const active = await assignmentsRepository.activeForIncident(tx, incident.id)
    const now = this.d.clock.now()
    if (active) {
      await assignmentsRepository.end(tx, active.id, reason, now)
      await teamsRepository.list(tx, active.team_id, { lock: true })
      await this.teams.changeStatus(tx, uow, active.team_id, teamStatus, actor, { incidentId: incident.id, reason })
    }
    const after = await incidentsRepository.update(tx, incident.id, { status: 'reported', team_id: null, ack_deadline: null }, now)
    uow.log({ type: 'incident.unassigned', actor, incidentId: incident.id, teamId: active?.team_id ?? null, before: incident, after, data: { reason } })
    return after
  }

  /**
   * Back to the queue: takes the team off an assigned, acknowledged or en route incident, or
   * reopens one the team could not find (to send a team again). In auto mode a reopened
   * incident is offered to the nearest free team at once.
   */
  async unassign(incidentId: string, actor: Actor): Promise<Incident> {
    return this.d.transaction(async (tx, uow) => {
      const incident = await incidentsRepository.get(tx, incidentId, { lock: true })
      if (!incident) throw notFound('Incident', incidentId)
      if (incident.status === 'not_found') {
        const after = await incidentsRepository.update(tx, incidentId, { status: 'reported', team_id: null, ack_deadline: null }, this.d.clock.now())
        uow.log({ type: 'incident.transitioned', actor, incidentId, before: incident, after, data: { from: 'not_found', to: 'reported' } })
        return this.d.config.ASSIGNMENT_MODE === 'auto' && !holdForReview(after) ? this.autoAssign(tx, uow, after, SYSTEM) : after
      }
      if (!['assigned', 'acknowledged', 'en_route'].includes(incident.status)) {
        throw new AppError('invalid_transition', `Incident ${incidentId} cannot go from ${incident.status} to reported (only assigned, acknowledged, en route or not found incidents go back to the queue)`)
      }
      return this.release(tx, uow, incident, 'unassigned', actor)
    })
  }

  /**
   * Moves every incident whose team has not acknowledged in time to the next nearest team
   * (never back to a team that already timed out on it). Run by a timer, or by tests.
   */
  async sweep(): Promise<number> {
    // Find candidates without locks, then handle each in its own transaction that locks the
    // incident first (the same order as every other path) and re-checks the deadline.
    const overdue = await assignmentsRepository.overdue(this.d.db.sql, this.d.clock.now())
    let moved = 0
    for (const a of overdue) {
      const done = await this.d.transaction(async (tx, uow) => {
        const incident = await incidentsRepository.get(tx, a.incident_id, { lock: true })
        const active = await assignmentsRepository.activeForIncident(tx, a.incident_id)
        const now = this.d.clock.now()
        if (!incident || incident.status !== 'assigned' || !active || active.id !== a.id) return false
        if (active.acknowledged_at || !active.ack_deadline || active.ack_deadline >= now) return false
        uow.log({ type: 'incident.ack_timeout', actor: SYSTEM, incidentId: incident.id, teamId: a.team_id, data: { assignmentId: a.id, ackDeadline: a.ack_deadline?.toISOString() ?? null } })
        const back = await this.release(tx, uow, incident, 'ack_timeout', SYSTEM)
        const tried = await assignmentsRepository.teamsExcluded(tx, incident.id)
        await this.autoAssign(tx, uow, back, SYSTEM, tried)
        return true
      })
      if (done) moved++
    }
    return moved
  }

  /** A team just became free: give it the most urgent, oldest waiting incident. */
  async offerQueueTo(teamId: string): Promise<Incident | null> {
    if (this.d.config.ASSIGNMENT_MODE !== 'auto') return null
    try {
      return await this.d.transaction(async (tx, uow) => {
        const queued = await incidentsRepository.lockQueued(tx, QUEUE_LOOKAHEAD)
        if (queued.length === 0) return null
        if (!(await teamsRepository.lockIfFree(tx, teamId, ASSIGNABLE_TEAM_STATUSES, this.freshSince()))) return null
        for (const incident of queued) {
          if (holdForReview(incident)) continue
          const tried = await assignmentsRepository.teamsExcluded(tx, incident.id)
          if (tried.includes(teamId)) continue
          return this.bind(tx, uow, incident, teamId, SYSTEM, { mode: 'queue' })
        }
        return null
      })
    } catch (err) {
      if (isUniqueViolation(err)) return null // someone else took the team or the incident
      throw err
    }
  }

  /** Called by the phone's socket ack: the assignment reached the team. */
  async markDelivered(assignmentId: string): Promise<void> {
    await this.d.transaction(async (tx, uow) => {
      if (await assignmentsRepository.markDelivered(tx, assignmentId, this.d.clock.now())) {
        const [row] = await tx`select incident_id, team_id from assignments where id = ${assignmentId}`
        uow.log({ type: 'assignment.delivered', actor: { kind: 'team', id: row!.team_id }, incidentId: row!.incident_id, teamId: row!.team_id, data: { assignmentId } })
      }
    })
  }
}

/** A likely duplicate waits for a dispatcher's decision, unless it is critical. */
export function holdForReview(i: Incident): boolean {
  return i.possibleDuplicates.length > 0 && i.priority !== 'critical'
}
