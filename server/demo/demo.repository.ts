import type { AccountRole } from '@shared/auth.js'
import type { Q } from '../db/transaction.js'

export interface DemoUser {
  id: string
  username: string
  role: AccountRole
  teamId: string | null
  disabled: boolean
}

/** What demo mode put in the database: accounts and teams marked `is_demo` (migration 00003). */
export const demoRepository = {
  async users(q: Q): Promise<DemoUser[]> {
    const rows = await q`select id, username, role, team_id, disabled_at from users where is_demo order by created_at, username`
    return rows.map((r) => ({ id: r.id, username: r.username, role: r.role, teamId: r.team_id, disabled: r.disabled_at !== null }))
  },
  async usernameTaken(q: Q, username: string): Promise<boolean> {
    const [row] = await q`select 1 from users where username = ${username}`
    return Boolean(row)
  },
  /** Disables the demo accounts still enabled and revokes their sessions; returns their ids. */
  async disableUsers(q: Q, now: Date): Promise<string[]> {
    const rows = await q`update users set disabled_at = ${now} where is_demo and disabled_at is null returning id`
    const ids = rows.map((r) => r.id as string)
    if (ids.length) await q`update sessions set revoked_at = ${now} where user_id = any(${q.array(ids)}::uuid[]) and revoked_at is null`
    return ids
  },
  /** Turns a disabled demo account back on with a new password (demo mode switched on again). */
  async enableUser(q: Q, id: string, passwordHash: string): Promise<void> {
    await q`update users set disabled_at = null, password_hash = ${passwordHash} where id = ${id} and is_demo`
  },
  async markTeam(q: Q, teamId: string): Promise<void> {
    await q`update teams set is_demo = true where id = ${teamId}`
  },
  /**
   * Adds `label` to the names of demo teams whose phones are simulated, once, so every list and
   * map that shows the team says so. Demo teams only (`is_demo`).
   */
  async labelTeams(q: Q, teamIds: readonly string[], label: string): Promise<void> {
    if (teamIds.length === 0) return
    await q`update teams set name = name || ${` (${label})`} where id = any(${q.array([...teamIds])}::uuid[]) and is_demo and position(${`(${label})`} in name) = 0`
  },
  async teamIds(q: Q): Promise<string[]> {
    return (await q`select id from teams where is_demo order by call_sign`).map((r) => r.id as string)
  },
}
