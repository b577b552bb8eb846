import type { Team, TeamPositionInput, TeamStatus } from '../../shared/teams.js'
import type { Q } from '../db/transaction.js'

type Row = Record<string, any>

export function toTeam(r: Row, now: Date, staleMs: number): Team {
  const received = r.position_received_at ? new Date(r.position_received_at) : null
  return {
    id: r.id,
    callSign: r.call_sign,
    name: r.name,
    phone: r.phone,
    status: r.status,
    position:
      received && r.lon !== null
        ? {
            lon: r.lon,
            lat: r.lat,
            accuracyM: r.accuracy_m,
            headingDeg: r.heading_deg,
            speedMps: r.speed_mps,
            deviceTime: new Date(r.device_time).toISOString(),
            receivedAt: received.toISOString(),
            stale: now.getTime() - received.getTime() > staleMs,
          }
        : null,
    currentIncidentId: r.current_incident_id ?? null,
    statusChangedAt: new Date(r.status_changed_at).toISOString(),
  }
}

export const teamsRepository = {
  async insert(q: Q, t: { id: string; callSign: string; name: string; phone: string | null; status: TeamStatus }, now: Date) {
    await q`insert into teams (id, call_sign, name, phone, status, status_changed_at, created_at)
      values (${t.id}, ${t.callSign}, ${t.name}, ${t.phone}, ${t.status}, ${now}, ${now})`
  },

  /** Teams with the incident each one currently holds. */
  async list(q: Q, id?: string, opts: { lock?: boolean } = {}): Promise<Row[]> {
    return q`
      select t.*, a.incident_id as current_incident_id from teams t
      left join assignments a on a.team_id = t.id and a.ended_at is null
      where ${id ? q`t.id = ${id}` : q`true`}
      order by t.call_sign
      ${opts.lock ? q`for update of t` : q``}`
  },

  async setStatus(q: Q, id: string, status: TeamStatus, now: Date) {
    await q`update teams set status = ${status}, status_changed_at = ${now} where id = ${id}`
  },

  /**
   * Stores a fix in one round trip: appends it to the history, moves the team unless the fix is
   * older than the one it has (a late, out-of-order fix must not move it back), and returns the
   * team row with the previous receive time and its open incident. No row: no such team.
   */
  async ingestPosition(q: Q, id: string, p: TeamPositionInput, now: Date): Promise<Row | null> {
    const deviceTime = new Date(p.deviceTime)
    const heading = p.headingDeg ?? null
    const speed = p.speedMps ?? null
    const [row] = await q`
      with prev as (select position_received_at as prev_received_at from teams where id = ${id}),
      hist as (
        insert into team_positions (team_id, lon, lat, accuracy_m, heading_deg, speed_mps, device_time, received_at)
        select ${id}, ${p.lon}, ${p.lat}, ${p.accuracyM}, ${heading}, ${speed}, ${deviceTime}, ${now} from prev
      ),
      upd as (
        update teams set lon = ${p.lon}, lat = ${p.lat}, accuracy_m = ${p.accuracyM}, heading_deg = ${heading},
          speed_mps = ${speed}, device_time = ${deviceTime}, position_received_at = ${now}
        where id = ${id} and (device_time is null or device_time <= ${deviceTime})
        returning *
      ),
      cur as (select * from upd union all select * from teams where id = ${id} and not exists (select 1 from upd))
      select cur.*, prev.prev_received_at,
        (select a.incident_id from assignments a where a.team_id = cur.id and a.ended_at is null) as current_incident_id
      from cur cross join prev`
    return row ?? null
  },

  async exists(q: Q, id: string): Promise<boolean> {
    const rows = await q`select 1 from teams where id = ${id}`
    return rows.length > 0
  },

  /** Teams that could take a case now: assignable status, fresh position, no open assignment. */
  async candidates(q: Q, statuses: readonly TeamStatus[], freshSince: Date, box: { minLon: number; maxLon: number; minLat: number; maxLat: number } | null = null): Promise<Row[]> {
    return q`
      select t.*, null as current_incident_id from teams t
      where t.status in ${q([...statuses])} and t.position_received_at >= ${freshSince}
        ${box ? q`and t.lon between ${box.minLon} and ${box.maxLon} and t.lat between ${box.minLat} and ${box.maxLat}` : q``}
        and not exists (select 1 from assignments a where a.team_id = t.id and a.ended_at is null)`
  },

  /**
   * Locks one team if it is still free, skipping it if another transaction holds it.
   * Postgres re-checks the WHERE clause on the latest row version after locking.
   */
  async lockIfFree(q: Q, id: string, statuses: readonly TeamStatus[], freshSince: Date | null): Promise<boolean> {
    const rows = await q`
      select id from teams t
      where id = ${id} and status in ${q([...statuses])}
        ${freshSince ? q`and position_received_at >= ${freshSince}` : q``}
        and not exists (select 1 from assignments a where a.team_id = t.id and a.ended_at is null)
      for update skip locked`
    return rows.length > 0
  },
}
