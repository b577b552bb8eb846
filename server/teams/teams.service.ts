import { boundDeviceTime } from '@shared/device-time.js'
import type { Actor, LogEventOf } from '@shared/events.js'
import type { CreateTeam, PositionReceipt, Team, TeamPositionInput, TeamStatus, UpdateTeam } from '@shared/teams.js'
import { ASSIGNABLE_TEAM_STATUSES, FREE_TEAM_STATUSES } from '@shared/teams.js'
import { coarseTeam, seesPersonalData } from '../auth/redact.js'
import type { Deps } from '../context.js'
import type { Caller, Identity } from '../http/identity.js'
import type { Q, Tx, UnitOfWork } from '../db/transaction.js'
import { FreeTeamsIndex } from '../dispatch/free-teams-index.js'
import { AppError, isUniqueViolation, notFound } from '../errors.js'
import { rosterRepository } from '../roster/roster.repository.js'
import { teamsRepository, type LockedTeam } from './teams.repository.js'
import { PositionWriter } from './position-writer.js'

/**
 * How old the free-teams index may grow on a Postgres server before it is reloaded in the
 * background: positions stored by other processes reach it no other way (their status changes
 * arrive as events). It is a hint either way: the database judges at lock time.
 */
const FREE_INDEX_MAX_AGE_MS = 2_000
/** Position statements running at once on a Postgres server (of the pool's connections). */
const POSITION_WRITES_IN_FLIGHT = 4

/** A team as read (`t`) holding `incidentId`, its position judged stale or not at `now`. */
export function toTeam(t: LockedTeam, incidentId: string | null, now: Date, staleMs: number): Team {
  return {
    ...t,
    position: t.position ? { ...t.position, stale: now.getTime() - new Date(t.position.receivedAt).getTime() > staleMs } : null,
    currentIncidentId: incidentId,
  }
}

/** What a status change records beside it (the incident, the reason, the phone's time). */
export type StatusChangeData = NonNullable<LogEventOf<'team.status_changed'>['data']>

export class TeamsService {
  /** Free teams with a position, in memory (see FreeTeamsIndex; the dispatch service reads it). */
  private readonly free = new FreeTeamsIndex()
  private freeLoadedAt: number | null = null
  private freeReloading = false
  /** A load raced a local change: load again. */
  private freeStale = false
  /** Bumped on every local change, so a load that raced one is redone. */
  private freeChanges = 0

  /** Position fixes, stored in batches (group commit). PGlite has one connection. */
  private readonly positions: PositionWriter

  constructor(private readonly d: Deps) {
    this.positions = new PositionWriter(d.db.sql, d.db.kind === 'pglite' ? 1 : POSITION_WRITES_IN_FLIGHT)
  }

  private get staleMs() {
    return this.d.settings.current().stalePositionMin * 60_000
  }

  /**
   * The free-teams index, loaded from the database on first use (through `q`: inside a
   * transaction that is the transaction, since an embedded database has one connection), and
   * reloaded in the background when a load raced a change or, on a Postgres server where other
   * processes change teams too, when it is older than FREE_INDEX_MAX_AGE_MS.
   */
  async freeTeams(q: Q = this.d.db.sql): Promise<FreeTeamsIndex> {
    if (this.freeLoadedAt === null) await this.loadFree(q)
    else if (this.freeStale || (this.d.db.kind === 'postgres' && this.d.clock.now().getTime() - this.freeLoadedAt > FREE_INDEX_MAX_AGE_MS)) {
      if (!this.freeReloading) {
        this.freeReloading = true
        void this.loadFree(this.d.db.sql)
          .catch((err) => this.d.logger.warn('free-teams index reload failed', { err: String(err) }))
          .finally(() => (this.freeReloading = false))
      }
    }
    return this.free
  }

  private async loadFree(q: Q): Promise<void> {
    const changes = this.freeChanges
    const rows = await teamsRepository.freeWithPosition(q, ASSIGNABLE_TEAM_STATUSES)
    this.free.replaceAll(rows.map((r) => ({ id: r.id, lon: r.lon, lat: r.lat, receivedAt: r.receivedAt.getTime() })))
    // A change committed while the rows were read may be missing from them.
    this.freeStale = changes !== this.freeChanges
    this.freeLoadedAt = this.d.clock.now().getTime()
  }

  /** Tells the index what the database now says about a team (after commit, or after a read). */
  noteTeam(team: Pick<Team, 'id' | 'status' | 'position' | 'currentIncidentId'>): void {
    this.freeChanges++
    if (ASSIGNABLE_TEAM_STATUSES.includes(team.status) && !team.currentIncidentId && team.position) {
      this.free.set({ id: team.id, lon: team.position.lon, lat: team.position.lat, receivedAt: new Date(team.position.receivedAt).getTime() })
    } else {
      this.free.remove(team.id)
    }
  }

  /** Every team, with whether its phone is connected now (presence). */
  async list(): Promise<Team[]> {
    const now = this.d.clock.now()
    const connected = this.d.presence.connectedTeams()
    return (await teamsRepository.list(this.d.db.sql)).map((t) => ({ ...toTeam(t, t.currentIncidentId, now, this.staleMs), phoneConnected: connected.has(t.id) }))
  }

  /** One team with its open incident; with `lock`, after taking the team's row lock. */
  async get(id: string, q: Q = this.d.db.sql, opts: { lock?: boolean } = {}): Promise<Team> {
    if (opts.lock) {
      const [locked] = await teamsRepository.lock(q, [id])
      if (!locked) throw notFound('Team', id)
    }
    const [team] = await teamsRepository.list(q, id)
    if (!team) throw notFound('Team', id)
    return toTeam(team, team.currentIncidentId, this.d.clock.now(), this.staleMs)
  }

  /** A locked team as a Team holding `incidentId`. */
  fromLocked(team: LockedTeam, incidentId: string | null): Team {
    return toTeam(team, incidentId, this.d.clock.now(), this.staleMs)
  }

  async create(input: CreateTeam, actor: Actor): Promise<Team> {
    const id = this.d.ids.uuid()
    try {
      return await this.d.transaction(async (tx, uow) => {
        const now = this.d.clock.now()
        await teamsRepository.insert(
          tx,
          { id, callSign: input.callSign, name: input.name, phone: input.phone ?? null, status: input.onDuty ? 'available' : 'off_duty', members: input.members, base: input.base },
          now,
        )
        const team = await this.get(id, tx)
        uow.log({ type: 'team.created', actor, teamId: id, after: team })
        return team
      })
    } catch (err) {
      if (isUniqueViolation(err)) throw new AppError('conflict', `A team with call sign ${input.callSign} already exists`, [{ path: 'callSign', message: 'already taken' }])
      throw err
    }
  }

  /** An admin's change to a team's call sign, name, phone, members or base, with its event. */
  async update(id: string, patch: UpdateTeam, actor: Actor): Promise<Team> {
    try {
      return await this.d.transaction(async (tx, uow) => {
        const before = await this.get(id, tx, { lock: true })
        await teamsRepository.update(tx, id, patch)
        const after = await this.get(id, tx)
        uow.log({ type: 'team.updated', actor, teamId: id, before, after, data: { fields: Object.keys(patch).sort() } })
        return after
      })
    } catch (err) {
      if (isUniqueViolation(err)) throw new AppError('conflict', `A team with call sign ${patch.callSign} already exists`, [{ path: 'callSign', message: 'already taken' }])
      throw err
    }
  }

  /**
   * Records a status change already written under the team's lock: the event (which, once
   * committed, also keeps the free-teams index in step: see createApp's reactions) and, if it
   * became free, the queue offer after commit.
   */
  recordStatus(uow: UnitOfWork, before: Team, after: Team, actor: Actor, data?: StatusChangeData | null): void {
    uow.log({ type: 'team.status_changed', actor, teamId: after.id, before, after, data: data ?? null })
    if (ASSIGNABLE_TEAM_STATUSES.includes(after.status) && !ASSIGNABLE_TEAM_STATUSES.includes(before.status)) {
      uow.effect({ type: 'team.freed', teamId: after.id })
    }
  }

  /**
   * Sets the status of a team whose row the caller has locked (`locked`, as `lock` returned it),
   * which holds `incidentId` once the caller's changes are made. One UPDATE, no re-read.
   */
  async setLockedStatus(tx: Tx, uow: UnitOfWork, locked: LockedTeam, to: TeamStatus, actor: Actor, incidentId: string | null, data?: StatusChangeData, at?: Date): Promise<Team> {
    const before = this.fromLocked(locked, incidentId)
    if (before.status === to) return before
    const now = at ?? this.d.clock.now()
    await teamsRepository.setStatus(tx, before.id, to, now)
    const after: Team = { ...before, status: to, statusChangedAt: now.toISOString() }
    this.recordStatus(uow, before, after, actor, data)
    return after
  }

  /**
   * Changes a team's status inside a transaction whose caller holds the team's lock (see
   * `get(…, { lock: true })`). Returns the team after the change.
   */
  async changeStatus(tx: Tx, uow: UnitOfWork, teamId: string, to: TeamStatus, actor: Actor, data?: StatusChangeData): Promise<Team> {
    const before = await this.get(teamId, tx)
    if (before.status === to) return before
    const now = this.d.clock.now()
    await teamsRepository.setStatus(tx, teamId, to, now)
    const after: Team = { ...before, status: to, statusChangedAt: now.toISOString() }
    this.recordStatus(uow, before, after, actor, data)
    return after
  }

  /**
   * A status the team sets itself (or a dispatcher on its behalf): duty, returning, available.
   * It takes the team's lock first and only then looks at what the team holds, so a case being
   * assigned at the same moment is either seen (and the change refused) or assigned after.
   */
  async setOwnStatus(teamId: string, to: TeamStatus, actor: Actor, deviceTime?: string): Promise<Team> {
    return this.d.transaction(async (tx, uow) => {
      const [row] = await teamsRepository.lock(tx, [teamId])
      if (!row) throw notFound('Team', teamId)
      const status = row.status
      const holds = FREE_TEAM_STATUSES.includes(status) ? null : await teamsRepository.openIncidentOf(tx, teamId)
      if (holds && to !== status && (to !== 'at_handover' || status !== 'transporting')) {
        throw new AppError('invalid_transition', `Team ${row.callSign} is ${status} on incident ${holds}; it cannot become ${to} until that incident is handed over, unassigned or closed`)
      }
      if (to === 'at_handover' && status !== 'transporting') {
        throw new AppError('invalid_transition', `Team ${row.callSign} is ${status}; only a transporting team can be at a handover`)
      }
      // Putting a team on or off duty by hand overrides the roster until the next shift change,
      // including its "off duty once the case ends" (decision 013).
      if (to !== status && (to === 'off_duty' || status === 'off_duty')) await rosterRepository.clearPending(tx, teamId)
      if (!deviceTime) return this.setLockedStatus(tx, uow, row, to, actor, holds)
      // Pressed earlier on the phone (its outbox): at the phone's time, never before the status
      // it follows nor later than received (shared/device-time.ts).
      const bounded = boundDeviceTime(new Date(deviceTime), this.d.clock.now(), new Date(row.statusChangedAt))
      return this.setLockedStatus(tx, uow, row, to, actor, holds, { deviceTime, deviceTimeAdjusted: bounded.adjusted }, bounded.at)
    })
  }

  /**
   * Stores a position fix in one round trip. Not an event-log change: positions are
   * high-volume state; other processes hear of it from the realtime layer's batches. Answers
   * with a receipt (when it was received), not the team: a fix older than the stored one is
   * kept in the track but does not move the team, and screens get the team over the socket.
   */
  async postPosition(teamId: string, p: TeamPositionInput): Promise<PositionReceipt> {
    const now = this.d.clock.now()
    const stored = await this.positions.write({ teamId, p, receivedAt: now })
    if (!stored) throw notFound('Team', teamId)
    const team = toTeam(stored, stored.currentIncidentId, now, this.staleMs)
    this.noteTeam(team)
    await this.d.react({ type: 'position.stored', team })
    // A free team whose position was missing or stale becomes recommendable now.
    const prev = stored.prevReceivedAt?.getTime() ?? null
    const wasFresh = prev !== null && now.getTime() - prev <= this.staleMs
    if (!wasFresh && ASSIGNABLE_TEAM_STATUSES.includes(team.status) && !team.currentIncidentId) {
      await this.d.react({ type: 'team.freed', teamId })
    }
    return { teamId, deviceTime: new Date(p.deviceTime).toISOString(), receivedAt: now.toISOString() }
  }

  // What a caller may read and do, decided here so no route can forget it (issue #12 item 2).

  /** Every team as the caller may see it: positions coarse for roles without personal data. */
  async listFor(caller: Caller): Promise<Team[]> {
    const teams = await this.list()
    return seesPersonalData(caller.who) ? teams : teams.map(coarseTeam)
  }

  /** One team as the caller may see it (a team member: only their own). */
  async read(caller: Caller, id: string): Promise<Team> {
    assertOwnTeam(caller.who, id)
    const team = await this.get(id)
    return seesPersonalData(caller.who) ? team : coarseTeam(team)
  }

  /** A status from the team itself, or from a dispatcher (on the team's behalf when it says so). */
  async requestStatus(caller: Caller, id: string, req: { status: TeamStatus; onBehalfOfTeam?: boolean; deviceTime?: string }): Promise<Team> {
    const who = caller.who
    assertOwnTeam(who, id)
    const actor = who.role !== 'team' && req.onBehalfOfTeam ? { ...who.actor, onBehalfOf: id } : who.actor
    return this.setOwnStatus(id, req.status, actor, req.deviceTime)
  }

  /** A position fix from the team's own phone. */
  async reportPosition(caller: Caller, id: string, p: TeamPositionInput): Promise<PositionReceipt> {
    assertOwnTeam(caller.who, id)
    return this.postPosition(id, p)
  }
}

/** A team member acts and reads only for their own team; dispatchers for any. */
export function assertOwnTeam(who: Identity, teamId: string): void {
  if (who.role === 'team' && who.teamId !== teamId) throw new AppError('forbidden', 'A team member can act only for their own team')
}
