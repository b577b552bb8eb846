import type { Actor } from '@shared/events.js'
import type { Point } from '@shared/geo.js'
import type { Incident } from '@shared/incidents.js'
import { ASSIGNABLE_INCIDENT_STATUSES, UNASSIGNABLE_INCIDENT_STATUSES } from '@shared/incidents.js'
import type { RankedTeam, Team } from '@shared/teams.js'
import { ASSIGNABLE_TEAM_STATUSES, FREE_TEAM_STATUSES } from '@shared/teams.js'
import type { Deps } from '../context.js'
import type { Q, Tx, UnitOfWork } from '../db/transaction.js'
import { AppError, conflict, isUniqueViolation, notFound } from '../errors.js'
import { incidentsRepository } from '../incidents/incidents.repository.js'
import { teamsRepository, type LockedTeam } from '../teams/teams.repository.js'
import { toTeam, type TeamsService } from '../teams/teams.service.js'
import { assignmentsRepository, type EndReason } from './assignments.repository.js'
import { rankByCost, reachabilityOrder, straightLineMetres, type TravelCost } from './ranking.js'

/** How a binding came about, for the `incident.assigned` event. */
type BindData = { mode: 'auto' | 'manual' | 'queue'; reassignedFrom?: string | null }
/**
 * Why an incident waits: no team free, or (after an acknowledgement timeout) every team it could
 * go to has already timed out on it or is busy — the console alerts on the second.
 */
type QueuedReason = 'no_team_free' | 'all_timed_out'

export const SYSTEM: Actor = { kind: 'system', id: null }
/** How many waiting incidents a new report looks at when the queue is served with it. */
const QUEUE_LOOKAHEAD = 50
/** How many free teams nearest in a straight line (from the index) are then ranked by travel cost. */
export const NEAREST_CANDIDATES = 8
/** How many teams a dispatcher is recommended. */
const RECOMMENDATIONS = 20

/**
 * Assignment: recommending, assigning, re-offering on timeout and serving the queue.
 *
 * Lock order (docs/decisions/003-assignment.md): the incident first, then its team(s) (several
 * in id order), and only then the assignment rows and both statuses, in the same transaction.
 * Paths that pick among many (the queue, the nearest free team) lock with `skip locked` and
 * never wait.
 */
export class DispatchService {
  constructor(
    private readonly d: Deps,
    private readonly teams: TeamsService,
    private readonly cost: TravelCost = straightLineMetres,
  ) {}

  private freshSince(): Date {
    return new Date(this.d.clock.now().getTime() - this.d.settings.current().stalePositionMin * 60_000)
  }

  private get staleMs() {
    return this.d.settings.current().stalePositionMin * 60_000
  }

  /**
   * The teams to try for a case at `p`, best first: the k free teams nearest in a straight line
   * according to the in-memory index, ranked by travel cost. A hint: the database decides at
   * lock time whether each is still free.
   */
  async nearestCandidates(p: Point, exclude: readonly string[] = [], k = NEAREST_CANDIDATES, q: Q = this.d.db.sql): Promise<string[]> {
    const index = await this.teams.freeTeams(q)
    const fresh = this.freshSince().getTime()
    const near = index.nearest(p, k, (t) => t.receivedAt >= fresh && !exclude.includes(t.id))
    return this.reachableFirst(rankByCost(p, near, (n) => n.team, this.cost).map((r) => ({ id: r.item.team.id, distanceM: r.distanceM })))
  }

  /**
   * Candidates for auto-assignment in the order to try them, by ASSIGN_REACHABLE: teams whose
   * phone is connected first, within ASSIGN_REACHABLE_EXTRA_KM of the nearest (`prefer`), only
   * those (`only`), or as ranked (`ignore`). A team whose phone is closed would only let the
   * case time out (issue #11); a far one would lose the drive (ranking.ts, reachabilityOrder).
   */
  private reachableFirst(ranked: Array<{ id: string; distanceM: number }>): string[] {
    return reachabilityOrder(ranked, this.d.presence.connectedTeams(), this.d.config.ASSIGN_REACHABLE, this.d.config.ASSIGN_REACHABLE_EXTRA_KM * 1000)
  }

  /** Every free team with a fresh position, from the database, ranked by cost (also refreshes the index). */
  private async rankFromDatabase(q: Q, p: Point, exclude: readonly string[], ids: string[] | null = null): Promise<RankedTeam[]> {
    const now = this.d.clock.now()
    const teams = (await teamsRepository.candidates(q, ASSIGNABLE_TEAM_STATUSES, this.freshSince(), ids)).map((t) => toTeam(t, null, now, this.staleMs))
    if (!ids) for (const t of teams) this.teams.noteTeam(t)
    const usable = teams.filter((t) => t.position && !exclude.includes(t.id))
    return rankByCost(p, usable, (t) => t.position!, this.cost).map(({ item, distanceM }) => ({ team: item, distanceM }))
  }

  /** Free, on-duty teams with a fresh position, nearest first (the nearest RECOMMENDATIONS of them). */
  async recommend(incidentId: string): Promise<RankedTeam[]> {
    const sql = this.d.db.sql
    const incident = await incidentsRepository.get(sql, incidentId)
    if (!incident) throw notFound('Incident', incidentId)
    // The index names the nearest few; the database confirms they are free and supplies them.
    const ids = await this.nearestCandidates(incident.location, [], RECOMMENDATIONS)
    const ranked = ids.length > 0 ? await this.rankFromDatabase(sql, incident.location, [], ids) : []
    if (ranked.length > 0 && ranked.length >= Math.min(ids.length, RECOMMENDATIONS)) return ranked
    return (await this.rankFromDatabase(sql, incident.location, [])).slice(0, RECOMMENDATIONS)
  }

  /** Logs a binding the repository made: the incident assigned and the team's status. */
  private recordBind(uow: UnitOfWork, before: Incident, after: Incident, team: { before: LockedTeam; after: LockedTeam }, assignmentId: string, actor: Actor, data: BindData): Incident {
    const teamBefore = this.teams.fromLocked(team.before, after.id)
    const teamAfter = this.teams.fromLocked(team.after, after.id)
    const distanceM = data.mode === 'auto' && teamAfter.position ? Math.round(this.cost(teamAfter.position, after.location)) : undefined
    uow.log({ type: 'incident.assigned', actor, incidentId: after.id, teamId: teamAfter.id, before, after, data: { assignmentId, ...data, ...(distanceM !== undefined ? { distanceM } : {}) } })
    uow.effect({ type: 'team.notify', teamId: teamAfter.id, message: { kind: 'offer', incidentId: after.id, assignmentId, category: after.category, kecamatan: after.area.kecamatan } })
    if (teamBefore.status !== teamAfter.status) this.teams.recordStatus(uow, teamBefore, teamAfter, actor, { incidentId: after.id })
    return after
  }

  /** Binds a team whose row the caller locked (after the incident) to the incident, in one statement. */
  private async bindLocked(tx: Tx, uow: UnitOfWork, incident: Incident, team: LockedTeam, actor: Actor, data: BindData): Promise<Incident> {
    const now = this.d.clock.now()
    const ackDeadline = new Date(now.getTime() + this.d.settings.current().ackTimeoutS * 1000)
    const assignmentId = this.d.ids.uuid()
    const bound = await assignmentsRepository.bind(tx, { id: assignmentId, incidentId: incident.id, teamId: team.id, ackDeadline, by: actor }, now)
    return this.recordBind(uow, incident, bound.incident, { before: team, after: bound.team }, assignmentId, actor, data)
  }

  /** Locks the first of `candidates` still free and binds it to the (locked) incident; null if none. */
  private async bindFirstFree(tx: Tx, uow: UnitOfWork, incident: Incident, candidates: string[], actor: Actor): Promise<Incident | null> {
    if (candidates.length === 0) return null
    const now = this.d.clock.now()
    const ackDeadline = new Date(now.getTime() + this.d.settings.current().ackTimeoutS * 1000)
    const assignmentId = this.d.ids.uuid()
    const bound = await assignmentsRepository.bindFirstFree(
      tx,
      { id: assignmentId, incidentId: incident.id, candidates, statuses: ASSIGNABLE_TEAM_STATUSES, freshSince: this.freshSince(), ackDeadline, by: actor },
      now,
    )
    return bound ? this.recordBind(uow, incident, bound.incident, { before: bound.teamBefore, after: bound.team }, assignmentId, actor, { mode: 'auto' }) : null
  }

  /**
   * The nearest free team for a locked incident: the index's candidates first; if none of them
   * can be locked (taken meanwhile, or the index has not heard of a team another process freed),
   * the database's own list. Null if no team is free.
   */
  private async tryNearest(tx: Tx, uow: UnitOfWork, incident: Incident, actor: Actor, exclude: string[], tried: string[] | null = null): Promise<Incident | null> {
    const hinted = tried ?? (await this.nearestCandidates(incident.location, exclude, NEAREST_CANDIDATES, tx))
    if (tried === null) {
      const bound = await this.bindFirstFree(tx, uow, incident, hinted, actor)
      if (bound) return bound
    }
    const ranked = await this.rankFromDatabase(tx, incident.location, exclude)
    return this.bindFirstFree(tx, uow, incident, this.reachableFirst(ranked.map((r) => ({ id: r.team.id, distanceM: r.distanceM }))), actor)
  }

  /** Auto mode for one incident: the nearest free team, or the queue (logged). */
  async autoAssign(tx: Tx, uow: UnitOfWork, incident: Incident, actor: Actor, exclude: string[] = [], tried: string[] | null = null, queuedReason: QueuedReason = 'no_team_free'): Promise<Incident> {
    const assigned = await this.tryNearest(tx, uow, incident, actor, exclude, tried)
    if (assigned) return assigned
    uow.log({ type: 'incident.queued', actor: SYSTEM, incidentId: incident.id, data: { reason: queuedReason, ...(queuedReason === 'all_timed_out' ? { triedTeams: exclude.length } : {}) } })
    return incident
  }

  /** Logs what `insertReport` did when it bound the new report to a team. */
  recordReportBind(uow: UnitOfWork, reported: Incident, assigned: Incident, team: { before: LockedTeam; after: LockedTeam }, assignmentId: string): Incident {
    return this.recordBind(uow, reported, assigned, team, assignmentId, SYSTEM, { mode: 'auto' })
  }

  /**
   * Auto mode for a new report whose one-statement fast path did not take a team: free teams
   * go to waiting incidents in queue order (priority, then age), the new one included, so a
   * new report never takes a team that an older, at least as urgent one is waiting for.
   * `tried`: the candidates the fast path already found taken (then the database is asked).
   * Returns the new incident, assigned or queued.
   */
  async serveQueueWith(tx: Tx, uow: UnitOfWork, fresh: Incident, waitingAhead: boolean, tried: string[]): Promise<Incident> {
    let result: Incident = fresh
    if (!waitingAhead) {
      result = (await this.tryNearest(tx, uow, fresh, SYSTEM, [], tried)) ?? fresh
    } else if ((await this.rankFromDatabase(tx, fresh.location, [])).length > 0) {
      // Only with a team free is the queue worth locking (a long queue and no free team is the
      // busy hour: then a report must cost what it costs with an empty queue).
      for (const incident of await incidentsRepository.lockQueued(tx, QUEUE_LOOKAHEAD)) {
        if (holdForReview(incident)) continue
        const exclude = await assignmentsRepository.teamsExcluded(tx, incident.id)
        const assigned = await this.tryNearest(tx, uow, incident, SYSTEM, exclude)
        if (assigned && incident.id === fresh.id) result = assigned
        if (!assigned && exclude.length === 0) break // no free team at all: the rest wait too
      }
    }
    if (result.status === 'reported') uow.log({ type: 'incident.queued', actor: SYSTEM, incidentId: fresh.id, data: { reason: 'no_team_free' } })
    return result
  }

  /** A dispatcher's choice of team: assigns, or reassigns from the current team. */
  async assign(incidentId: string, teamId: string, actor: Actor): Promise<Incident> {
    try {
      return await this.d.transaction(async (tx, uow) => {
        const incident = await incidentsRepository.get(tx, incidentId, { lock: true })
        if (!incident) throw notFound('Incident', incidentId)
        if (!ASSIGNABLE_INCIDENT_STATUSES.includes(incident.status)) {
          throw new AppError('invalid_transition', `Incident ${incidentId} is ${incident.status}; only a reported, assigned, acknowledged or en route incident can be (re)assigned`)
        }
        if (incident.teamId === teamId) throw conflict(`Team ${teamId} is already assigned to incident ${incidentId}`)
        // Then both teams, in id order: the chosen one and the one being replaced.
        const locked = await teamsRepository.lock(tx, incident.teamId ? [teamId, incident.teamId] : [teamId])
        const team = locked.find((r) => r.id === teamId)
        if (!team) throw notFound('Team', teamId)
        const status = team.status
        if (!ASSIGNABLE_TEAM_STATUSES.includes(status)) {
          const holds = FREE_TEAM_STATUSES.includes(status) ? null : await teamsRepository.openIncidentOf(tx, teamId)
          throw conflict(`Team ${team.callSign} is ${status}${holds ? ` on incident ${holds}` : ''} and cannot take another incident`)
        }
        let current = incident
        if (incident.teamId)
          current = await this.release(
            tx,
            uow,
            incident,
            'reassigned',
            actor,
            'available',
            locked.find((r) => r.id === incident.teamId),
          )
        return this.bindLocked(tx, uow, current, team, actor, { mode: 'manual', reassignedFrom: incident.teamId })
      })
    } catch (err) {
      if (isUniqueViolation(err)) throw conflict('The team or the incident was assigned by someone else at the same moment; reload and try again')
      throw err
    }
  }

  /**
   * Ends the incident's active assignment and frees its team (`teamStatus`); the incident goes
   * back to `reported`. The caller holds the incident's lock; the team's is taken here unless
   * the caller passes the row it locked.
   */
  async release(tx: Tx, uow: UnitOfWork, incident: Incident, reason: EndReason, actor: Actor, teamStatus: 'available' | 'returning' = 'available', lockedTeam?: LockedTeam): Promise<Incident> {
    const teamRow = lockedTeam ?? (incident.teamId ? (await teamsRepository.lock(tx, [incident.teamId]))[0] : undefined)
    const now = this.d.clock.now()
    const released = await assignmentsRepository.release(tx, { incidentId: incident.id, reason, teamStatus }, now)
    const after = released.incident
    if (teamRow && released.teamId === teamRow.id) {
      const before = this.teams.fromLocked(teamRow, incident.id)
      if (before.status !== teamStatus) {
        const teamAfter: Team = { ...before, status: teamStatus, statusChangedAt: now.toISOString(), currentIncidentId: null }
        this.teams.recordStatus(uow, before, teamAfter, actor, { incidentId: incident.id, reason })
      }
    }
    uow.log({ type: 'incident.unassigned', actor, incidentId: incident.id, teamId: released.teamId, before: incident, after, data: { reason } })
    if (released.teamId)
      uow.effect({ type: 'team.notify', teamId: released.teamId, message: { kind: 'withdrawn', incidentId: incident.id, category: incident.category, kecamatan: incident.area.kecamatan, reason } })
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
        const after = await incidentsRepository.update(tx, incidentId, { status: 'reported', teamId: null, ackDeadline: null }, this.d.clock.now())
        uow.log({ type: 'incident.transitioned', actor, incidentId, before: incident, after, data: { from: 'not_found', to: 'reported' } })
        return this.d.config.ASSIGNMENT_MODE === 'auto' && !holdForReview(after) ? this.autoAssign(tx, uow, after, SYSTEM) : after
      }
      if (!UNASSIGNABLE_INCIDENT_STATUSES.includes(incident.status)) {
        throw new AppError(
          'invalid_transition',
          `Incident ${incidentId} cannot go from ${incident.status} to reported (only assigned, acknowledged, en route or not found incidents go back to the queue)`,
        )
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
    // incident, then its team (the same order as every other path), and re-checks the deadline.
    const overdue = await assignmentsRepository.overdue(this.d.db.sql, this.d.clock.now())
    let moved = 0
    for (const a of overdue) {
      const done = await this.d.transaction(async (tx, uow) => {
        const incident = await incidentsRepository.get(tx, a.incidentId, { lock: true })
        const now = this.d.clock.now()
        // The incident mirrors its open assignment: `assigned` until acknowledged, with its deadline.
        if (!incident || incident.status !== 'assigned' || incident.teamId !== a.teamId) return false
        if (!incident.ackDeadline || new Date(incident.ackDeadline) >= now) return false
        const [team] = await teamsRepository.lock(tx, [a.teamId])
        uow.log({ type: 'incident.ack_timeout', actor: SYSTEM, incidentId: incident.id, teamId: a.teamId, data: { assignmentId: a.id, ackDeadline: a.ackDeadline?.toISOString() ?? null } })
        const back = await this.release(tx, uow, incident, 'ack_timeout', SYSTEM, 'available', team)
        const tried = await assignmentsRepository.teamsExcluded(tx, incident.id)
        // No other team to offer it to: the console must hear that the case now waits with no one.
        await this.autoAssign(tx, uow, back, SYSTEM, tried, null, 'all_timed_out')
        return true
      })
      if (done) moved++
    }
    return moved
  }

  /** A team just became free: give it the most urgent, oldest waiting incident it may take. */
  async offerQueueTo(teamId: string): Promise<Incident | null> {
    if (this.d.config.ASSIGNMENT_MODE !== 'auto') return null
    try {
      return await this.d.transaction(async (tx, uow) => {
        // The incident first, then the team (the lock order); neither waits for another transaction.
        if (this.d.config.ASSIGN_REACHABLE === 'only' && !this.d.presence.isConnected(teamId)) return null // phone closed
        const incident = await incidentsRepository.lockFirstWaitingFor(tx, teamId)
        if (!incident) return null
        const team = await teamsRepository.lockIfFree(tx, teamId, ASSIGNABLE_TEAM_STATUSES, this.freshSince())
        if (!team) return null
        return this.bindLocked(tx, uow, incident, team, SYSTEM, { mode: 'queue' })
      })
    } catch (err) {
      if (isUniqueViolation(err)) return null // someone else took the team or the incident
      throw err
    }
  }

  /** Called by the phone's socket ack: the assignment reached the team. */
  async markDelivered(assignmentId: string): Promise<void> {
    await this.d.transaction(async (tx, uow) => {
      const delivered = await assignmentsRepository.markDelivered(tx, assignmentId, this.d.clock.now())
      if (delivered) {
        uow.log({ type: 'assignment.delivered', actor: { kind: 'team', id: delivered.teamId }, incidentId: delivered.incidentId, teamId: delivered.teamId, data: { assignmentId } })
      }
    })
  }
}

/** A likely duplicate waits for a dispatcher's decision, unless it is critical. */
export function holdForReview(i: Incident): boolean {
  return i.possibleDuplicates.length > 0 && i.priority !== 'critical'
}
