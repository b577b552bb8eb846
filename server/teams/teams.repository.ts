import type { Team, TeamBase, TeamPositionInput, TeamStatus, UpdateTeam } from '@shared/teams.js'
import type { Q } from '../db/transaction.js'

/** A row of `teams` as the driver returns it (timestamps as Date, or as ISO text from `to_jsonb`). */
export interface TeamsRow {
  id: string
  call_sign: string
  name: string
  phone: string | null
  status: TeamStatus
  lon: number | null
  lat: number | null
  accuracy_m: number | null
  heading_deg: number | null
  speed_mps: number | null
  device_time: Date | string | null
  position_received_at: Date | string | null
  status_changed_at: Date | string
  members: string[] | null
  base_name: string | null
  base_lon: number | null
  base_lat: number | null
}

/** A team as stored: a `Team` but for what depends on the clock (whether its position is stale) and on presence. */
export type StoredTeam = Omit<Team, 'position' | 'phoneConnected'> & { position: Omit<NonNullable<Team['position']>, 'stale'> | null }

/**
 * A team row read under its lock: what it holds is not part of it (`lock` reads the team row
 * alone, see there); the caller knows or reads it (`openIncidentOf`).
 */
export type LockedTeam = Omit<StoredTeam, 'currentIncidentId'>

/** One position fix to store: the team, what the phone sent, when the server received it. */
export interface PositionFix {
  teamId: string
  p: TeamPositionInput
  receivedAt: Date
}

/** A stored fix's team: as it is now, the receive time of the fix it had before, and what it holds. */
export type IngestedPosition = StoredTeam & { prevReceivedAt: Date | null }

export function toLockedTeam(r: TeamsRow): LockedTeam {
  const received = r.position_received_at ? new Date(r.position_received_at) : null
  return {
    id: r.id,
    callSign: r.call_sign,
    name: r.name,
    phone: r.phone,
    status: r.status,
    position:
      received && r.lon !== null && r.lat !== null
        ? {
            lon: r.lon,
            lat: r.lat,
            accuracyM: r.accuracy_m!,
            headingDeg: r.heading_deg,
            speedMps: r.speed_mps,
            deviceTime: new Date(r.device_time!).toISOString(),
            receivedAt: received.toISOString(),
          }
        : null,
    statusChangedAt: new Date(r.status_changed_at).toISOString(),
    members: r.members ?? [],
    base: r.base_lon === null || r.base_lon === undefined || r.base_lat === null ? null : { name: r.base_name!, lon: r.base_lon, lat: r.base_lat },
  }
}

const toStoredTeam = (r: TeamsRow & { current_incident_id: string | null }): StoredTeam => ({ ...toLockedTeam(r), currentIncidentId: r.current_incident_id ?? null })

/** The columns an admin's change to a team writes (UpdateTeam → snake_case). */
function teamColumns(t: UpdateTeam): Partial<TeamsRow> {
  const c: Partial<TeamsRow> = {}
  if (t.callSign !== undefined) c.call_sign = t.callSign
  if (t.name !== undefined) c.name = t.name
  if (t.phone !== undefined) c.phone = t.phone
  if (t.members !== undefined) c.members = t.members
  if (t.base !== undefined) {
    c.base_name = t.base?.name ?? null
    c.base_lon = t.base?.lon ?? null
    c.base_lat = t.base?.lat ?? null
  }
  return c
}

export const teamsRepository = {
  async insert(q: Q, t: { id: string; callSign: string; name: string; phone: string | null; status: TeamStatus; members?: string[]; base?: TeamBase | null }, now: Date) {
    await q`insert into teams (id, call_sign, name, phone, status, status_changed_at, created_at, members, base_name, base_lon, base_lat)
      values (${t.id}, ${t.callSign}, ${t.name}, ${t.phone}, ${t.status}, ${now}, ${now}, ${q.array(t.members ?? [])}::text[],
        ${t.base?.name ?? null}, ${t.base?.lon ?? null}, ${t.base?.lat ?? null})`
  },

  /** An admin's change to a team's description (not its status or position). */
  async update(q: Q, id: string, patch: UpdateTeam): Promise<void> {
    const c = teamColumns(patch)
    if (Object.keys(c).length === 0) return
    await q`update teams set ${q(c as never)} where id = ${id}`
  },

  /** Teams with the incident each one currently holds (not locked: see `lock`). */
  async list(q: Q, id?: string): Promise<StoredTeam[]> {
    const rows = await q<Array<TeamsRow & { current_incident_id: string | null }>>`
      select t.*, a.incident_id as current_incident_id from teams t
      left join assignments a on a.team_id = t.id and a.ended_at is null
      where ${id ? q`t.id = ${id}` : q`true`}
      order by t.call_sign`
    return rows.map(toStoredTeam)
  },

  /**
   * Locks teams in id order (two transactions locking the same teams cannot deadlock) and
   * returns their latest rows. Only the team row is read: a join here would read the open
   * assignment from the snapshot taken before the wait for the lock, i.e. possibly from before
   * the transaction that just assigned the team committed. The team's status is the truth
   * instead, because every path changes a team's status and its open assignment together
   * while holding this lock (docs/decisions/003-assignment.md, lock order).
   */
  async lock(q: Q, ids: string[]): Promise<LockedTeam[]> {
    if (ids.length === 0) return []
    const rows = await q<TeamsRow[]>`select * from teams where id in ${q(ids)} order by id for update`
    return rows.map(toLockedTeam)
  },

  /** The incident a team holds, read after its lock was taken (for messages and events). */
  async openIncidentOf(q: Q, id: string): Promise<string | null> {
    const [row] = await q`select incident_id from assignments where team_id = ${id} and ended_at is null`
    return (row?.incident_id as string | undefined) ?? null
  },

  /** Free teams with a position (loads the in-memory index). */
  async freeWithPosition(q: Q, statuses: readonly TeamStatus[]): Promise<Array<{ id: string; lon: number; lat: number; receivedAt: Date }>> {
    const rows = await q<Array<{ id: string; lon: number; lat: number; position_received_at: Date }>>`
      select t.id, t.lon, t.lat, t.position_received_at from teams t
      where t.status in ${q([...statuses])} and t.position_received_at is not null
        and not exists (select 1 from assignments a where a.team_id = t.id and a.ended_at is null)`
    return rows.map((r) => ({ id: r.id, lon: r.lon, lat: r.lat, receivedAt: new Date(r.position_received_at) }))
  },

  async setStatus(q: Q, id: string, status: TeamStatus, now: Date) {
    await q`update teams set status = ${status}, status_changed_at = ${now} where id = ${id}`
  },

  /**
   * Stores position fixes, at most one per team, in one statement: each fix goes into the
   * history, and becomes the team's position unless the team already has a newer one (by the
   * phone's clock). Returns, per fix that named a known team, the team's row after it, with
   * the previous receive time and the incident it holds. See PositionWriter (group commit).
   */
  async ingestPositions(q: Q, fixes: readonly PositionFix[]): Promise<IngestedPosition[]> {
    if (fixes.length === 0) return []
    const col = <T>(f: (x: PositionFix) => T) => fixes.map(f)
    const rows = await q<Array<TeamsRow & { current_incident_id: string | null; prev_received_at: Date | null }>>`
      with input as (
        select * from unnest(
          ${col((f) => f.teamId)}::uuid[], ${col((f) => f.p.lon)}::float8[], ${col((f) => f.p.lat)}::float8[],
          ${col((f) => f.p.accuracyM)}::float8[], ${col((f) => f.p.headingDeg ?? null)}::float8[], ${col((f) => f.p.speedMps ?? null)}::float8[],
          ${col((f) => new Date(f.p.deviceTime).toISOString())}::timestamptz[], ${col((f) => f.receivedAt.toISOString())}::timestamptz[]
        ) as i(id, lon, lat, accuracy_m, heading_deg, speed_mps, device_time, received_at)
      ),
      prev as (select t.id, t.position_received_at as prev_received_at from teams t join input using (id)),
      hist as (
        insert into team_positions (team_id, lon, lat, accuracy_m, heading_deg, speed_mps, device_time, received_at)
        select i.id, i.lon, i.lat, i.accuracy_m, i.heading_deg, i.speed_mps, i.device_time, i.received_at from input i join prev using (id)
      ),
      upd as (
        update teams t set lon = i.lon, lat = i.lat, accuracy_m = i.accuracy_m, heading_deg = i.heading_deg,
          speed_mps = i.speed_mps, device_time = i.device_time, position_received_at = i.received_at
        from input i
        where t.id = i.id and (t.device_time is null or t.device_time <= i.device_time)
        returning t.*
      ),
      cur as (select * from upd union all select t.* from teams t join input using (id) where t.id not in (select id from upd))
      select cur.*, prev.prev_received_at,
        (select a.incident_id from assignments a where a.team_id = cur.id and a.ended_at is null) as current_incident_id
      from cur join prev on prev.id = cur.id`
    return rows.map((r) => ({ ...toStoredTeam(r), prevReceivedAt: r.prev_received_at ? new Date(r.prev_received_at) : null }))
  },

  async exists(q: Q, id: string): Promise<boolean> {
    const rows = await q`select 1 from teams where id = ${id}`
    return rows.length > 0
  },

  /** Teams that could take a case now: assignable status, fresh position, no open assignment (optionally only `ids`). */
  async candidates(q: Q, statuses: readonly TeamStatus[], freshSince: Date, ids: string[] | null = null): Promise<LockedTeam[]> {
    const rows = await q<TeamsRow[]>`
      select t.* from teams t
      where t.status in ${q([...statuses])} and t.position_received_at >= ${freshSince}
        ${ids ? q`and t.id = any(${q.array(ids, 2950)})` : q``}
        and not exists (select 1 from assignments a where a.team_id = t.id and a.ended_at is null)`
    return rows.map(toLockedTeam)
  },

  /**
   * Locks one team if it is still free, skipping it if another transaction holds it.
   * Postgres re-checks the WHERE clause on the latest row version after locking.
   */
  async lockIfFree(q: Q, id: string, statuses: readonly TeamStatus[], freshSince: Date | null): Promise<LockedTeam | null> {
    const [row] = await q<TeamsRow[]>`
      select * from teams t
      where id = ${id} and status in ${q([...statuses])}
        ${freshSince ? q`and position_received_at >= ${freshSince}` : q``}
        and not exists (select 1 from assignments a where a.team_id = t.id and a.ended_at is null)
      for update skip locked`
    return row ? toLockedTeam(row) : null
  },
}
