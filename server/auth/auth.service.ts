import { randomBytes } from 'node:crypto'
import type { CreateUser, SessionInfo, User } from '../../shared/auth.js'
import type { Deps } from '../context.js'
import { AppError, conflict, isUniqueViolation, notFound } from '../errors.js'
import { sessionIdOf, type Identity } from '../http/identity.js'
import { accessLogRepository, sessionsRepository, usersRepository } from './auth.repository.js'
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

export class AuthService {
  /** Every hash goes through here: a bounded number at once (passwords.ts). */
  readonly passwords = new PasswordHasher()
  /** Session id → identity, trusted until `until` (ms, by the injected clock). */
  private readonly sessionCache = new Map<string, { identity: SessionIdentity; until: number }>()
  /**
   * Bumped by every eviction, so a lookup that read the database before a logout cannot put
   * the pre-logout answer back into the cache after it.
   */
  private evictions = 0

  constructor(private readonly d: Deps) {}

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

  /** `demo` marks a demo account: disabled whenever the server starts with demo mode off. */
  async createUser(input: CreateUser, opts: { demo?: boolean } = {}): Promise<User> {
    if (input.teamId) {
      const [team] = await this.d.db.sql`select 1 from teams where id = ${input.teamId}`
      if (!team) throw notFound('Team', input.teamId)
    }
    if (input.destinationId) {
      const [dest] = await this.d.db.sql`select 1 from destinations where id = ${input.destinationId}`
      if (!dest) throw notFound('Destination', input.destinationId)
    }
    try {
      return await usersRepository.insert(
        this.d.db.sql,
        { id: this.d.ids.uuid(), username: input.username.toLowerCase(), displayName: input.displayName, role: input.role, teamId: input.teamId ?? null, destinationId: input.destinationId ?? null, passwordHash: await this.passwords.hash(input.password), isDemo: opts.demo ?? false },
        this.d.clock.now(),
      )
    } catch (err) {
      if (isUniqueViolation(err)) throw conflict(`The username ${input.username} is taken`)
      throw err
    }
  }

  listUsers(): Promise<User[]> {
    return usersRepository.list(this.d.db.sql)
  }

  /** Changes an account. Disabling it, or changing its password, ends its sessions and sockets at once. */
  async updateUser(id: string, patch: { displayName?: string; password?: string; disabled?: boolean }, by: Identity): Promise<User> {
    const existing = await usersRepository.get(this.d.db.sql, id)
    if (!existing) throw notFound('User', id)
    if (patch.disabled && id === by.userId) throw conflict('You cannot disable your own account')
    const now = this.d.clock.now()
    const fields: Record<string, unknown> = {}
    if (patch.displayName !== undefined) fields.display_name = patch.displayName
    if (patch.password !== undefined) fields.password_hash = await this.passwords.hash(patch.password)
    if (patch.disabled !== undefined) fields.disabled_at = patch.disabled ? now : null
    const user = Object.keys(fields).length ? await usersRepository.update(this.d.db.sql, id, fields) : existing
    if (patch.disabled || patch.password !== undefined) {
      await sessionsRepository.revokeAllFor(this.d.db.sql, id, now)
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
