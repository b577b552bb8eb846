import type { Actor } from '../../shared/events.js'
import type { CreateTeam, Team, TeamPositionInput, TeamStatus } from '../../shared/teams.js'
import { ASSIGNABLE_TEAM_STATUSES } from '../../shared/teams.js'
import type { Deps } from '../context.js'
import type { Q, Tx, UnitOfWork } from '../db/transaction.js'
import { AppError, conflict, isUniqueViolation, notFound } from '../errors.js'
import { teamsRepository, toTeam } from './teams.repository.js'

export class TeamsService {
  constructor(private readonly d: Deps) {}

  private get staleMs() {
    return this.d.config.STALE_POSITION_MIN * 60_000
  }

  async list(): Promise<Team[]> {
    const now = this.d.clock.now()
    return (await teamsRepository.list(this.d.db.sql)).map((r) => toTeam(r, now, this.staleMs))
  }

  async get(id: string, q: Q = this.d.db.sql, opts: { lock?: boolean } = {}): Promise<Team> {
    const [row] = await teamsRepository.list(q, id, opts)
    if (!row) throw notFound('Team', id)
    return toTeam(row, this.d.clock.now(), this.staleMs)
  }

  async create(input: CreateTeam, actor: Actor): Promise<Team> {
    const id = this.d.ids.uuid()
    try {
      return await this.d.transaction(async (tx, uow) => {
        const now = this.d.clock.now()
        await teamsRepository.insert(tx, { id, callSign: input.callSign, name: input.name, phone: input.phone ?? null, status: input.onDuty ? 'available' : 'off_duty' }, now)
        const team = await this.get(id, tx)
        uow.log({ type: 'team.created', actor, teamId: id, after: team })
        return team
      })
    } catch (err) {
      if (isUniqueViolation(err)) throw conflict(`A team with call sign ${input.callSign} already exists`)
      throw err
    }
  }

  /**
   * Changes a team's status inside a transaction and logs it. The caller holds the locks.
   * Returns the team after the change.
   */
  async changeStatus(tx: Tx, uow: UnitOfWork, teamId: string, to: TeamStatus, actor: Actor, data?: Record<string, unknown>): Promise<Team> {
    const before = await this.get(teamId, tx)
    if (before.status === to) return before
    await teamsRepository.setStatus(tx, teamId, to, this.d.clock.now())
    const after = await this.get(teamId, tx)
    uow.log({ type: 'team.status_changed', actor, teamId, before, after, data: data ?? null })
    if (ASSIGNABLE_TEAM_STATUSES.includes(to) && !ASSIGNABLE_TEAM_STATUSES.includes(before.status)) {
      uow.effect({ type: 'team.freed', teamId })
    }
    return after
  }

  /** A status the team sets itself (or a dispatcher on its behalf): duty, returning, available. */
  async setOwnStatus(teamId: string, to: TeamStatus, actor: Actor): Promise<Team> {
    return this.d.transaction(async (tx, uow) => {
      const team = await this.get(teamId, tx, { lock: true })
      if (team.currentIncidentId && to !== team.status) {
        if (to !== 'at_handover' || team.status !== 'transporting') {
          throw new AppError(
            'invalid_transition',
            `Team ${team.callSign} is ${team.status} on incident ${team.currentIncidentId}; it cannot become ${to} until that incident is handed over, unassigned or closed`,
          )
        }
      }
      if (to === 'at_handover' && team.status !== 'transporting') {
        throw new AppError('invalid_transition', `Team ${team.callSign} is ${team.status}; only a transporting team can be at a handover`)
      }
      return this.changeStatus(tx, uow, teamId, to, actor)
    })
  }

  /**
   * Stores a position fix in one round trip. Not an event-log change: positions are
   * high-volume state; other processes hear of it from the realtime layer's batches.
   */
  async postPosition(teamId: string, p: TeamPositionInput): Promise<Team> {
    const now = this.d.clock.now()
    const row = await teamsRepository.ingestPosition(this.d.db.sql, teamId, p, now)
    if (!row) throw notFound('Team', teamId)
    const team = toTeam(row, now, this.staleMs)
    await this.d.react({ type: 'position.stored', team })
    // A free team whose position was missing or stale becomes recommendable now.
    const prev = row.prev_received_at ? new Date(row.prev_received_at).getTime() : null
    const wasFresh = prev !== null && now.getTime() - prev <= this.staleMs
    if (!wasFresh && ASSIGNABLE_TEAM_STATUSES.includes(team.status) && !team.currentIncidentId) {
      await this.d.react({ type: 'team.freed', teamId })
    }
    return team
  }
}
