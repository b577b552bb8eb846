import type { AccessLogEntry, AccountRole, User } from '@shared/auth.js'
import type { Q } from '../db/transaction.js'

/** A row of `users` as the driver returns it. */
interface UsersRow {
  id: string
  username: string
  display_name: string
  role: AccountRole
  team_id: string | null
  destination_id: string | null
  password_hash: string
  disabled_at: Date | null
  is_demo: boolean
  created_at: Date
}

export function toUser(r: UsersRow): User {
  return {
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    role: r.role,
    teamId: r.team_id,
    destinationId: r.destination_id ?? null,
    disabled: r.disabled_at !== null,
    createdAt: new Date(r.created_at).toISOString(),
  }
}

/** Columns of an account an admin may change (only the ones set are written). */
export interface UserChanges {
  displayName?: string
  role?: AccountRole
  teamId?: string | null
  destinationId?: string | null
  passwordHash?: string
  disabledAt?: Date | null
}

export const usersRepository = {
  async insert(
    q: Q,
    u: { id: string; username: string; displayName: string; role: AccountRole; teamId: string | null; destinationId?: string | null; passwordHash: string; isDemo?: boolean },
    now: Date,
  ) {
    const [row] = await q<UsersRow[]>`insert into users (id, username, display_name, role, team_id, destination_id, password_hash, is_demo, created_at)
      values (${u.id}, ${u.username}, ${u.displayName}, ${u.role}, ${u.teamId}, ${u.destinationId ?? null}, ${u.passwordHash}, ${u.isDemo ?? false}, ${now}) returning *`
    return toUser(row!)
  },
  async byUsername(q: Q, username: string): Promise<(User & { passwordHash: string }) | null> {
    const [row] = await q<UsersRow[]>`select * from users where username = ${username}`
    return row ? { ...toUser(row), passwordHash: row.password_hash } : null
  },
  async get(q: Q, id: string, opts: { lock?: boolean } = {}): Promise<User | null> {
    const [row] = opts.lock ? await q<UsersRow[]>`select * from users where id = ${id} for update` : await q<UsersRow[]>`select * from users where id = ${id}`
    return row ? toUser(row) : null
  },
  async list(q: Q): Promise<User[]> {
    return (await q<UsersRow[]>`select * from users order by role, username`).map(toUser)
  },
  /** Accounts other than demo ones (those are disabled when demo mode is off, so they do not count as a real admin). */
  async countReal(q: Q): Promise<number> {
    const [row] = await q<Array<{ n: number }>>`select count(*)::int as n from users where not is_demo`
    return row!.n
  },
  async update(q: Q, id: string, changes: UserChanges): Promise<User> {
    const c: Partial<UsersRow> = {}
    if (changes.displayName !== undefined) c.display_name = changes.displayName
    if (changes.role !== undefined) c.role = changes.role
    if (changes.teamId !== undefined) c.team_id = changes.teamId
    if (changes.destinationId !== undefined) c.destination_id = changes.destinationId
    if (changes.passwordHash !== undefined) c.password_hash = changes.passwordHash
    if (changes.disabledAt !== undefined) c.disabled_at = changes.disabledAt
    const [row] = await q<UsersRow[]>`update users set ${q(c as never)} where id = ${id} returning *`
    return toUser(row!)
  },
}

export const sessionsRepository = {
  async insert(q: Q, s: { id: string; userId: string; csrfToken: string; expiresAt: Date }, now: Date) {
    await q`insert into sessions (id, user_id, csrf_token, created_at, expires_at, last_seen_at)
      values (${s.id}, ${s.userId}, ${s.csrfToken}, ${now}, ${s.expiresAt}, ${now})`
  },
  /** The live session and its user, or null when unknown, expired, revoked or the user is disabled. */
  async live(q: Q, id: string, now: Date): Promise<{ user: User; csrfToken: string; expiresAt: Date; lastSeenAt: Date } | null> {
    const [row] = await q<Array<UsersRow & { csrf_token: string; expires_at: Date; last_seen_at: Date }>>`
      select u.*, s.csrf_token, s.expires_at, s.last_seen_at from sessions s join users u on u.id = s.user_id
      where s.id = ${id} and s.revoked_at is null and s.expires_at > ${now} and u.disabled_at is null`
    return row ? { user: toUser(row), csrfToken: row.csrf_token, expiresAt: new Date(row.expires_at), lastSeenAt: new Date(row.last_seen_at) } : null
  },
  async touch(q: Q, id: string, now: Date, expiresAt: Date) {
    await q`update sessions set last_seen_at = ${now}, expires_at = ${expiresAt} where id = ${id}`
  },
  async revoke(q: Q, id: string, now: Date) {
    await q`update sessions set revoked_at = ${now} where id = ${id} and revoked_at is null`
  },
  /** The last event sequence committed before the session began (null: no such session). */
  async lastSeqBeforeStart(q: Q, id: string): Promise<number | null> {
    const [row] = await q`select (select coalesce(max(e.seq), 0) from events e where e.at < s.created_at) as seq from sessions s where s.id = ${id}`
    return row ? Number(row.seq) : null
  },
  async revokeAllFor(q: Q, userId: string, now: Date) {
    await q`update sessions set revoked_at = ${now} where user_id = ${userId} and revoked_at is null`
  },
}

export const accessLogRepository = {
  async insert(q: Q, e: { at: Date; userId: string | null; role: string; recordType: string; recordIds: string[]; action: string; requestId: string | null }) {
    await q`insert into access_log (at, user_id, role, record_type, record_ids, action, request_id)
      values (${e.at}, ${e.userId}, ${e.role}, ${e.recordType}, ${q.array(e.recordIds)}::uuid[], ${e.action}, ${e.requestId})`
  },
  async list(q: Q, opts: { recordId?: string; limit: number }): Promise<AccessLogEntry[]> {
    const rows = await q<
      Array<{ id: string | number; at: Date; user_id: string | null; role: string; record_type: string; record_ids: string[]; action: string; request_id: string | null }>
    >`select * from access_log
      ${opts.recordId ? q`where ${opts.recordId}::uuid = any(record_ids)` : q``}
      order by id desc limit ${opts.limit}`
    return rows.map((r) => ({
      id: Number(r.id),
      at: new Date(r.at).toISOString(),
      userId: r.user_id,
      role: r.role,
      recordType: r.record_type,
      recordIds: r.record_ids,
      action: r.action,
      requestId: r.request_id,
    }))
  },
}
