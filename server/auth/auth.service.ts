import { randomBytes } from 'node:crypto'
import type { CreateUser, SessionInfo, UpdateUser, User } from '@shared/auth.js'
import type { Actor } from '@shared/events.js'
import type { Deps } from '../context.js'
import { AppError, conflict, isUniqueViolation, notFound } from '../errors.js'
import { sessionIdOf, type Identity } from '../http/identity.js'
import { destinationsRepository } from '../destinations/destinations.repository.js'
import { teamsRepository } from '../teams/teams.repository.js'
import { accessLogRepository, sessionsRepository, usersRepository, type UserChanges } from './auth.repository.js'
import { PasswordHasher } from './passwords.js'

/**
 * How long this process trusts a session it has checked without asking the database again.
 * A phone posts its position every few seconds and a console makes bursts of requests: without
 * the cache every one of them costs a session lookup. Logout, disable and password reset on this
 * process evict at once; on another process they take effect here within this bound
 * (docs/decisions/004-accounts-and-sessions.md).
 */
export const SESSION_CACHE_MS = 5_000
/** Bounds the cache's memory; the oldest entry goes first. */
const SESSION_CACHE_MAX = 10_000

type SessionIdentity = Omit<Identity, 'via'>

/** Accounts made by the server itself (first admin, demo accounts, the command line tool). */
const SYSTEM_ACTOR: Actor = { kind: 'system', id: null }

const invalidField = (path: string, message: string) => new AppError('validation_failed', `${path}: ${message}`, [{ path, message }])

export class AuthService {
  /** Every hash goes through here: a bounded number at once (passwords.ts). */
  readonly passwords: PasswordHasher
  /** Session id → identity, trusted until `until` (ms, by the injected clock). */
  private readonly sessionCache = new Map<string, { identity: SessionIdentity; until: number }>()
  /**
   * Bumped by every eviction, so a lookup that read the database before a logout cannot put
   * the pre-logout answer back into the cache after it.
   */
  private evictions = 0

  constructor(private readonly d: Deps) {
    this.passwords = new PasswordHasher(undefined, d.passwordParams)
  }

  /** Resolves a session token; null when unknown, expired, revoked or the account is disabled. */
  async authenticate(token: string): Promise<SessionIdentity | null> {
    const sessionId = sessionIdOf(token)
    const now = this.d.clock.now()
    const hit = this.sessionCache.get(sessionId)
    if (hit && hit.until > now.getTime()) return hit.identity
    if (hit) this.sessionCache.delete(sessionId)
    const generation = this.evictions
    const s = await sessionsRepository.live(this.d.db.sql, sessionId, now)
    if (!s) return null
    const u = s.user
    const identity: SessionIdentity = {
      role: u.role,
      actor: { kind: u.role, id: u.role === 'team' ? u.teamId : u.id, userId: u.id, name: u.displayName },
      teamId: u.teamId,
      destinationId: u.destinationId,
      userId: u.id,
      sessionId,
      csrfToken: s.csrfToken,
      expiresAt: s.expiresAt,
    }
    if (generation === this.evictions) {
      if (this.sessionCache.size >= SESSION_CACHE_MAX) this.sessionCache.delete(this.sessionCache.keys().next().value!)
      // Never trusted past the session's own expiry.
      this.sessionCache.set(sessionId, { identity, until: Math.min(now.getTime() + SESSION_CACHE_MS, s.expiresAt.getTime()) })
    }
    return identity
  }

  /**
   * Forgets cached sessions (one, or all of an account's) so the next request asks the
   * database: called here on logout, disable and password change, and by the realtime layer
   * when another process says it ended sessions.
   */
  forgetSessions(ended: { sessionId: string } | { userId: string }) {
    this.evictions++
    if ('sessionId' in ended) this.sessionCache.delete(ended.sessionId)
    else for (const [k, v] of this.sessionCache) if (v.identity.userId === ended.userId) this.sessionCache.delete(k)
  }

  /** Checks the password and opens a session. The same message for every failure. */
  /** `from` is the client's address: hashes are shared fairly between addresses (passwords.ts). */
  async login(username: string, password: string, from = ''): Promise<SessionInfo & { token: string }> {
    const user = await usersRepository.byUsername(this.d.db.sql, username.toLowerCase())
    // Hash even for unknown users so response time does not tell which usernames exist (the
    // dummy is awaited for everyone, so its one-time cost does not tell either).
    const dummy = await this.passwords.dummyHash()
    const ok = await this.passwords.verify(password, user?.passwordHash ?? dummy, from)
    if (!user || !ok || user.disabled) throw new AppError('unauthorized', 'Wrong username or password, or the account is disabled')
    const token = randomBytes(32).toString('base64url')
    const csrfToken = randomBytes(24).toString('base64url')
    const now = this.d.clock.now()
    const expiresAt = new Date(now.getTime() + this.d.config.SESSION_TTL_HOURS * 3_600_000)
    await sessionsRepository.insert(this.d.db.sql, { id: sessionIdOf(token), userId: user.id, csrfToken, expiresAt }, now)
    const { passwordHash: _hash, ...safe } = user
    return { user: safe, csrfToken, expiresAt: expiresAt.toISOString(), token }
  }

  async logout(who: Identity): Promise<void> {
    if (!who.sessionId) return
    await sessionsRepository.revoke(this.d.db.sql, who.sessionId, this.d.clock.now())
    this.forgetSessions({ sessionId: who.sessionId })
    // The session's sockets close now, on every process, not when they next reconnect.
    await this.d.react({ type: 'session.ended', sessionId: who.sessionId })
  }

  async me(who: Identity): Promise<SessionInfo> {
    if (!who.userId || !who.csrfToken || !who.expiresAt) throw new AppError('unauthorized', 'Not signed in')
    const user = await usersRepository.get(this.d.db.sql, who.userId)
    if (!user) throw new AppError('unauthorized', 'Not signed in')
    return { user, csrfToken: who.csrfToken, expiresAt: who.expiresAt.toISOString() }
  }

  /**
   * Creates an account and logs `account.created` in the same transaction. `demo` marks a demo
   * account: disabled whenever the server starts with demo mode off. `by` is who created it
   * (the system when the server or a command line tool does).
   */
  async createUser(input: CreateUser, opts: { demo?: boolean; by?: Actor } = {}): Promise<User> {
    const passwordHash = await this.passwords.hash(input.password)
    try {
      return await this.d.transaction(async (tx, uow) => {
        if (input.teamId && !(await teamsRepository.exists(tx, input.teamId))) throw notFound('Team', input.teamId)
        if (input.destinationId && !(await destinationsRepository.get(tx, input.destinationId))) throw notFound('Destination', input.destinationId)
        const user = await usersRepository.insert(
          tx,
          {
            id: this.d.ids.uuid(),
            username: input.username.toLowerCase(),
            displayName: input.displayName,
            role: input.role,
            teamId: input.teamId ?? null,
            destinationId: input.destinationId ?? null,
            passwordHash,
            isDemo: opts.demo ?? false,
          },
          this.d.clock.now(),
        )
        uow.log({ type: 'account.created', actor: opts.by ?? SYSTEM_ACTOR, after: user })
        return user
      })
    } catch (err) {
      if (isUniqueViolation(err)) throw new AppError('conflict', `The username ${input.username} is taken`, [{ path: 'username', message: 'already taken' }])
      throw err
    }
  }

  listUsers(): Promise<User[]> {
    return usersRepository.list(this.d.db.sql)
  }

  /**
   * Changes an account, logging one event per kind of change in the same transaction. Disabling
   * it, a new password, role or team ends its sessions and sockets at once: rights are read at
   * sign-in and by the socket's rooms, so the account signs in again under the new ones.
   */
  async updateUser(id: string, patch: UpdateUser, by: Identity): Promise<User> {
    if (patch.disabled && id === by.userId) throw conflict('You cannot disable your own account')
    if (patch.role !== undefined && patch.role !== 'admin' && id === by.userId) throw conflict('You cannot take away your own admin role')
    const passwordHash = patch.password !== undefined ? await this.passwords.hash(patch.password) : undefined
    const now = this.d.clock.now()
    const { user, ended } = await this.d.transaction(async (tx, uow) => {
      const before = await usersRepository.get(tx, id, { lock: true })
      if (!before) throw notFound('User', id)
      const role = patch.role ?? before.role
      let teamId = patch.teamId !== undefined ? patch.teamId : before.teamId
      if (role !== 'team') {
        if (patch.teamId) throw invalidField('teamId', 'only a team member has a team')
        teamId = null
      } else if (!teamId) {
        throw invalidField('teamId', 'a team member needs a team')
      } else if (teamId !== before.teamId && !(await teamsRepository.exists(tx, teamId))) {
        throw notFound('Team', teamId)
      }
      // The same rule for a facility account and its destination (its staff see only its people).
      let destinationId = patch.destinationId !== undefined ? patch.destinationId : before.destinationId
      if (role !== 'facility') {
        if (patch.destinationId) throw invalidField('destinationId', 'only a facility account has a destination')
        destinationId = null
      } else if (!destinationId) {
        throw invalidField('destinationId', 'a facility account needs a destination')
      } else if (destinationId !== before.destinationId && !(await destinationsRepository.get(tx, destinationId))) {
        throw notFound('Destination', destinationId)
      }
      const disabled = patch.disabled ?? before.disabled
      const changes: UserChanges = {}
      if (patch.displayName !== undefined && patch.displayName !== before.displayName) changes.displayName = patch.displayName
      if (role !== before.role) changes.role = role
      if (teamId !== before.teamId) changes.teamId = teamId
      if (destinationId !== before.destinationId) changes.destinationId = destinationId
      if (passwordHash !== undefined) changes.passwordHash = passwordHash
      if (disabled !== before.disabled) changes.disabledAt = disabled ? now : null
      if (Object.keys(changes).length === 0) return { user: before, ended: false }
      const after = await usersRepository.update(tx, id, changes)
      const actor = by.actor
      const renamed = changes.displayName !== undefined
      const moved = changes.teamId !== undefined && changes.role === undefined
      const rehoused = changes.destinationId !== undefined && changes.role === undefined
      if (renamed || moved || rehoused) {
        uow.log({ type: 'account.updated', actor, before, after, data: { fields: [...(renamed ? ['displayName'] : []), ...(moved ? ['teamId'] : []), ...(rehoused ? ['destinationId'] : [])] } })
      }
      if (changes.role !== undefined) uow.log({ type: 'account.role_changed', actor, before, after, data: { from: before.role, to: after.role } })
      if (changes.disabledAt !== undefined) uow.log({ type: disabled ? 'account.disabled' : 'account.enabled', actor, before, after })
      if (passwordHash !== undefined) uow.log({ type: 'account.password_reset', actor, after })
      const ended = (disabled && !before.disabled) || passwordHash !== undefined || changes.role !== undefined || changes.teamId !== undefined || changes.destinationId !== undefined
      if (ended) await sessionsRepository.revokeAllFor(tx, id, now)
      return { user: after, ended }
    })
    if (ended) {
      this.forgetSessions({ userId: id })
      await this.d.react({ type: 'account.ended', userId: id })
    }
    return user
  }

  /**
   * The admin named in the environment (ADMIN_USERNAME / ADMIN_PASSWORD), created at the first
   * start without real accounts. Demo accounts do not count: a quick start that becomes a real
   * deployment gets its admin when ADMIN_* is first set.
   */
  async ensureFirstAdmin(): Promise<User | null> {
    const { ADMIN_USERNAME: username, ADMIN_PASSWORD: password } = this.d.config
    if (!username || !password) return null
    if ((await usersRepository.countReal(this.d.db.sql)) > 0) return null
    return this.createUser({ username, displayName: 'Administrator', role: 'admin', password })
  }

  /** Records that someone read personal data. Called by routes after a successful read. */
  async logAccess(who: Identity, recordType: 'incident' | 'handover' | 'photo' | 'events' | 'person' | 'stay', recordIds: string[], action: string, requestId: string | null): Promise<void> {
    if (recordIds.length === 0) return
    await accessLogRepository.insert(this.d.db.sql, { at: this.d.clock.now(), userId: who.userId, role: who.role, recordType, recordIds, action, requestId })
  }

  accessLog(opts: { recordId?: string; limit: number }) {
    return accessLogRepository.list(this.d.db.sql, opts)
  }
}
