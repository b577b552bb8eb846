import type { Actor } from '@shared/events.js'
import type { Disposition, Incident, IncidentFilter, IncidentStatus, Priority, TrackingView } from '@shared/incidents.js'
import { OPEN_STATUSES, PRIORITY_RANK } from '@shared/incidents.js'
import type { TeamStatus } from '@shared/teams.js'
import type { Q } from '../db/transaction.js'
import { toLockedTeam, type LockedTeam, type TeamsRow } from '../teams/teams.repository.js'

/** A time as the driver returns it: a Date from a column, ISO text from `to_jsonb`. */
type Stamp = Date | string
/** A row of `incidents` as the driver (or `to_jsonb`) returns it. */
export interface IncidentsRow {
  id: string
  tracking_code: string
  category: Incident['category']
  priority: Priority
  priority_rank: number
  answers: Incident['answers']
  status: IncidentStatus
  lon: number
  lat: number
  accuracy_m: number | null
  location_source: Incident['locationSource']
  address: string | null
  description: string
  kecamatan: string | null
  kecamatan_code: string | null
  kelurahan: string | null
  kelurahan_code: string | null
  source: Incident['source']
  reporter_name: string | null
  reporter_phone: string | null
  team_id: string | null
  destination_id: string | null
  duplicate_of: string | null
  possible_duplicates: string[] | null
  disposition: Disposition | null
  disposition_note: string | null
  reported_at: Stamp
  assigned_at: Stamp | null
  acknowledged_at: Stamp | null
  en_route_at: Stamp | null
  on_scene_at: Stamp | null
  transporting_at: Stamp | null
  handed_over_at: Stamp | null
  closed_at: Stamp | null
  ack_deadline: Stamp | null
  updated_at: Stamp
}
/** The Postgres type oid of uuid, for uuid[] parameters. */
const UUID_OID = 2950
/** The radius turf's haversine uses, so the SQL check agrees with distances shown elsewhere. */
const EARTH_RADIUS_M = 6_371_008.8

/** What a new report needs besides the incident: its duplicate check and, in auto mode, the teams to try. */
export interface ReportPlan {
  /** Open cases of the same category within this radius and window are likely duplicates; null: no check. */
  duplicates: { radiusM: number; since: Date; box: { minLon: number; maxLon: number; minLat: number; maxLat: number } } | null
  /** Teams to try, best first (empty: queue it). */
  candidates: string[]
  statuses: readonly TeamStatus[]
  freshSince: Date
  assignmentId: string
  ackDeadline: Date
  by: Actor
}

export interface ReportOutcome {
  incident: Incident
  /** The team before and after, when the report was bound to a team. */
  team: { before: LockedTeam; after: LockedTeam } | null
  /** A waiting case at least as urgent was ahead of this one, so no team was taken here. */
  waitingAhead: boolean
}
const iso = (d: Stamp | null | undefined) => (d ? new Date(d).toISOString() : null)

export function toIncident(r: IncidentsRow): Incident {
  return {
    id: r.id,
    trackingCode: r.tracking_code,
    category: r.category,
    priority: r.priority,
    answers: r.answers,
    status: r.status,
    location: { lon: r.lon, lat: r.lat, accuracyM: r.accuracy_m },
    locationSource: r.location_source,
    address: r.address,
    description: r.description,
    area: { kecamatan: r.kecamatan, kecamatanCode: r.kecamatan_code, kelurahan: r.kelurahan, kelurahanCode: r.kelurahan_code },
    source: r.source,
    reporter: r.reporter_name || r.reporter_phone ? { name: r.reporter_name ?? undefined, phone: r.reporter_phone ?? undefined } : null,
    teamId: r.team_id,
    destinationId: r.destination_id,
    duplicateOf: r.duplicate_of,
    possibleDuplicates: r.possible_duplicates ?? [],
    disposition: r.disposition,
    dispositionNote: r.disposition_note,
    times: {
      reportedAt: iso(r.reported_at)!,
      assignedAt: iso(r.assigned_at),
      acknowledgedAt: iso(r.acknowledged_at),
      enRouteAt: iso(r.en_route_at),
      onSceneAt: iso(r.on_scene_at),
      transportingAt: iso(r.transporting_at),
      handedOverAt: iso(r.handed_over_at),
      closedAt: iso(r.closed_at),
    },
    ackDeadline: iso(r.ack_deadline),
  }
}

export function toTrackingView(i: Incident): TrackingView {
  return { trackingCode: i.trackingCode, category: i.category, status: i.status, kecamatan: i.area.kecamatan, times: i.times }
}

/** The column a status change stamps. */
const STATUS_TIME_COLUMN: Partial<Record<IncidentStatus, 'assigned_at' | 'acknowledged_at' | 'en_route_at' | 'on_scene_at' | 'transporting_at' | 'handed_over_at' | 'closed_at'>> = {
  assigned: 'assigned_at',
  acknowledged: 'acknowledged_at',
  en_route: 'en_route_at',
  on_scene: 'on_scene_at',
  transporting: 'transporting_at',
  handed_over: 'handed_over_at',
  closed: 'closed_at',
  cancelled: 'closed_at',
  duplicate: 'closed_at',
}

/** A change to an incident, as the services make it; what is not given stays as it was. */
export interface IncidentChanges {
  status?: IncidentStatus
  /** When `status` was reached: stamped in that status's time (`times`), if it has one. */
  statusAt?: Date
  /** The priority, and with it the queue rank. */
  priority?: Priority
  teamId?: string | null
  destinationId?: string | null
  duplicateOf?: string | null
  disposition?: Disposition | null
  dispositionNote?: string | null
  ackDeadline?: Date | null
}

/** The columns a change writes (IncidentChanges → snake_case). */
function changeColumns(c: IncidentChanges): Partial<IncidentsRow> {
  const out: Partial<IncidentsRow> = {}
  if (c.status !== undefined) out.status = c.status
  const stamp = c.status !== undefined ? STATUS_TIME_COLUMN[c.status] : undefined
  if (c.statusAt !== undefined && stamp) out[stamp] = c.statusAt
  if (c.priority !== undefined) {
    out.priority = c.priority
    out.priority_rank = PRIORITY_RANK[c.priority]
  }
  if (c.teamId !== undefined) out.team_id = c.teamId
  if (c.destinationId !== undefined) out.destination_id = c.destinationId
  if (c.duplicateOf !== undefined) out.duplicate_of = c.duplicateOf
  if (c.disposition !== undefined) out.disposition = c.disposition
  if (c.dispositionNote !== undefined) out.disposition_note = c.dispositionNote
  if (c.ackDeadline !== undefined) out.ack_deadline = c.ackDeadline
  return out
}

type Joined = { incident: IncidentsRow }

export const incidentsRepository = {
  async insert(q: Q, i: Incident, now: Date): Promise<Incident> {
    const [row] = await q<IncidentsRow[]>`insert into incidents ${q({
      id: i.id,
      tracking_code: i.trackingCode,
      category: i.category,
      priority: i.priority,
      answers: q.json(i.answers),
      status: i.status,
      lon: i.location.lon,
      lat: i.location.lat,
      accuracy_m: i.location.accuracyM,
      location_source: i.locationSource,
      address: i.address,
      description: i.description,
      kecamatan_code: i.area.kecamatanCode,
      kecamatan: i.area.kecamatan,
      kelurahan_code: i.area.kelurahanCode,
      kelurahan: i.area.kelurahan,
      source: i.source,
      reporter_name: i.reporter?.name ?? null,
      reporter_phone: i.reporter?.phone ?? null,
      possible_duplicates: q.array(i.possibleDuplicates, UUID_OID),
      priority_rank: PRIORITY_RANK[i.priority],
      reported_at: now,
      updated_at: now,
    } as never)} returning *`
    return toIncident(row!)
  },

  /**
   * A case found on patrol, in one statement: the incident (already on scene with its team) and
   * the team's assignment, acknowledged and delivered (the team made it; there is nothing to
   * offer or time out). The caller holds the team's lock and has checked it is free; the
   * one-open-assignment-per-team index is the last line of defence. `at` is when the team
   * started it (the phone's time, bounded); `now` when the server received it.
   */
  async insertPatrol(q: Q, i: Incident, assignment: { id: string; by: Actor }, at: Date, now: Date): Promise<Incident> {
    const [row] = await q<Joined[]>`
      with ins as (
        insert into incidents (id, tracking_code, category, priority, priority_rank, answers, status, lon, lat, accuracy_m,
          location_source, address, description, kecamatan_code, kecamatan, kelurahan_code, kelurahan, source,
          team_id, reported_at, assigned_at, acknowledged_at, on_scene_at, updated_at)
        values (${i.id}, ${i.trackingCode}, ${i.category}, ${i.priority}, ${PRIORITY_RANK[i.priority]}, ${q.json(i.answers as never)}, ${i.status},
          ${i.location.lon}, ${i.location.lat}, ${i.location.accuracyM}, ${i.locationSource}, ${i.address}, ${i.description},
          ${i.area.kecamatanCode}, ${i.area.kecamatan}, ${i.area.kelurahanCode}, ${i.area.kelurahan}, ${i.source},
          ${i.teamId}, ${at}, ${at}, ${at}, ${at}, ${now})
        returning *
      ),
      a as (
        insert into assignments (id, incident_id, team_id, assigned_at, ack_deadline, acknowledged_at, delivered_at, assigned_by)
        select ${assignment.id}, ins.id, ins.team_id, ${at}, null, ${at}, ${now}, ${q.json(assignment.by as never)} from ins
        returning id
      )
      select to_jsonb(ins.*) as incident from ins, a`
    return toIncident(row!.incident)
  },

  /**
   * A new report in one statement: flags likely duplicates, inserts the incident and, when no
   * waiting case at least as urgent is ahead of it and it is not held for review, locks the
   * first still-free candidate team and binds it (assignment, incident, team). Every waiting
   * case is older, so "ahead" is any waiting case of the same or a higher priority. Without a
   * team the incident stays `reported` and the caller decides what to do next.
   */
  async insertReport(q: Q, i: Incident, plan: ReportPlan, now: Date): Promise<ReportOutcome> {
    const d = plan.duplicates
    const ids = q.array(plan.candidates, UUID_OID)
    const rank = PRIORITY_RANK[i.priority]
    const [row] = await q<Array<Joined & { team: TeamsRow | null; team_before: TeamsRow | null; waiting_ahead: boolean }>>`
      with dups as (
        select coalesce(array_agg(d.id order by d.reported_at, d.id), '{}'::uuid[]) as ids from incidents d
        where ${
          d
            ? q`d.category = ${i.category} and d.status in ${q([...OPEN_STATUSES])} and d.reported_at >= ${d.since}
          and d.lon between ${d.box.minLon} and ${d.box.maxLon} and d.lat between ${d.box.minLat} and ${d.box.maxLat}
          and 2 * ${EARTH_RADIUS_M}::float8 * asin(least(1, sqrt(
            power(sin(radians(d.lat - ${i.location.lat}::float8) / 2), 2)
            + cos(radians(${i.location.lat}::float8)) * cos(radians(d.lat)) * power(sin(radians(d.lon - ${i.location.lon}::float8) / 2), 2)
          ))) <= ${d.radiusM}::float8`
            : q`false`
        }
      ),
      ahead as (
        select w.id from incidents w
        where w.status = 'reported' and w.priority_rank <= ${rank}
          and (cardinality(w.possible_duplicates) = 0 or w.priority = 'critical')
        order by w.priority_rank, w.reported_at limit 1
      ),
      pick as (
        select t.* from teams t
        where t.id = any(${ids}) and t.status in ${q([...plan.statuses])} and t.position_received_at >= ${plan.freshSince}
          and not exists (select 1 from assignments x where x.team_id = t.id and x.ended_at is null)
          and not exists (select 1 from ahead)
          and (${i.priority === 'critical'}::boolean or (select cardinality(ids) from dups) = 0)
        order by array_position(${ids}, t.id) limit 1
        for update skip locked
      ),
      ins as (
        insert into incidents (id, tracking_code, category, priority, priority_rank, answers, status, lon, lat, accuracy_m,
          location_source, address, description, kecamatan_code, kecamatan, kelurahan_code, kelurahan, source,
          reporter_name, reporter_phone, possible_duplicates, team_id, reported_at, assigned_at, ack_deadline, updated_at)
        select ${i.id}, ${i.trackingCode}, ${i.category}, ${i.priority}, ${rank}, ${q.json(i.answers as never)},
          case when pick.id is null then 'reported' else 'assigned' end,
          ${i.location.lon}, ${i.location.lat}, ${i.location.accuracyM}, ${i.locationSource}, ${i.address}, ${i.description},
          ${i.area.kecamatanCode}, ${i.area.kecamatan}, ${i.area.kelurahanCode}, ${i.area.kelurahan}, ${i.source},
          ${i.reporter?.name ?? null}, ${i.reporter?.phone ?? null}, dups.ids, pick.id, ${now},
          case when pick.id is null then null else ${now}::timestamptz end,
          case when pick.id is null then null else ${plan.ackDeadline}::timestamptz end, ${now}
        from dups left join pick on true
        returning *
      ),
      a as (
        insert into assignments (id, incident_id, team_id, assigned_at, ack_deadline, assigned_by)
        select ${plan.assignmentId}, ins.id, ins.team_id, ${now}, ${plan.ackDeadline}, ${q.json(plan.by as never)}
        from ins where ins.team_id is not null
        returning id
      ),
      t as (update teams set status = 'assigned', status_changed_at = ${now} from pick where teams.id = pick.id returning teams.*)
      select to_jsonb(ins.*) as incident, (select to_jsonb(t.*) from t) as team, (select to_jsonb(pick.*) from pick) as team_before,
        exists (select 1 from ahead) as waiting_ahead, (select count(*) from a) as assignments
      from ins`
    return {
      incident: toIncident(row!.incident),
      team: row!.team && row!.team_before ? { before: toLockedTeam(row!.team_before), after: toLockedTeam(row!.team) } : null,
      waitingAhead: row!.waiting_ahead,
    }
  },

  async get(q: Q, id: string, opts: { lock?: boolean } = {}): Promise<Incident | null> {
    const [row] = opts.lock ? await q<IncidentsRow[]>`select * from incidents where id = ${id} for update` : await q<IncidentsRow[]>`select * from incidents where id = ${id}`
    return row ? toIncident(row) : null
  },

  async getByTrackingCode(q: Q, code: string): Promise<Incident | null> {
    const [row] = await q<IncidentsRow[]>`select * from incidents where tracking_code = ${code}`
    return row ? toIncident(row) : null
  },

  async list(q: Q, f: IncidentFilter): Promise<Incident[]> {
    const statuses = f.status?.flatMap((s) => (s === 'open' ? [...OPEN_STATUSES] : [s]))
    const rows = await q<IncidentsRow[]>`
      select * from incidents where true
      ${statuses ? q`and status in ${q(statuses)}` : q``}
      ${f.category ? q`and category = ${f.category}` : q``}
      ${f.kecamatan ? q`and (kecamatan = ${f.kecamatan} or kecamatan_code = ${f.kecamatan})` : q``}
      ${f.from ? q`and reported_at >= ${new Date(f.from)}` : q``}
      ${f.to ? q`and reported_at < ${new Date(f.to)}` : q``}
      order by reported_at desc limit ${f.limit}`
    return rows.map(toIncident)
  },

  /** Makes the change and returns the incident after it. */
  async update(q: Q, id: string, changes: IncidentChanges, now: Date): Promise<Incident> {
    const [row] = await q<IncidentsRow[]>`update incidents set ${q({ ...changeColumns(changes), updated_at: now } as never)} where id = ${id} returning *`
    return toIncident(row!)
  },

  /**
   * Waiting incidents, most urgent then oldest first, locked for this transaction. A row another
   * transaction holds is waited for, not skipped: skipping it let a new report bind the team a
   * freed team's queue offer was about to give that older case (the offer held the older case's
   * row, the report skipped it and took the team for itself; test/dispatch.test.ts races this).
   * Waiting cannot deadlock with the other paths: they too lock incidents before teams, and
   * Postgres re-checks `status` after the wait, so a case taken meanwhile drops out. A deadlock
   * that still happens is retried (db/retry.ts).
   */
  async lockQueued(q: Q, limit: number): Promise<Incident[]> {
    const rows = await q<IncidentsRow[]>`
      select * from incidents where status = 'reported'
      order by priority_rank, reported_at
      limit ${limit} for update`
    return rows.map(toIncident)
  },

  /**
   * The first waiting case a freed team may take, locked (skipping ones another transaction
   * holds): queue order, not held for a dispatcher's review as a likely duplicate, and not a
   * case this team timed out on or was taken off.
   */
  async lockFirstWaitingFor(q: Q, teamId: string): Promise<Incident | null> {
    const [row] = await q<IncidentsRow[]>`
      select * from incidents i
      where i.status = 'reported'
        and (cardinality(i.possible_duplicates) = 0 or i.priority = 'critical')
        and not exists (select 1 from assignments a where a.incident_id = i.id and a.team_id = ${teamId}
          and a.end_reason in ('ack_timeout', 'unassigned', 'reassigned'))
      order by i.priority_rank, i.reported_at
      limit 1 for update skip locked`
    return row ? toIncident(row) : null
  },

  async queued(q: Q): Promise<Incident[]> {
    const rows = await q<IncidentsRow[]>`select * from incidents where status = 'reported' order by priority_rank, reported_at`
    return rows.map(toIncident)
  },

  /**
   * One page of the waiting queue, most urgent then oldest first (the same order as
   * lockQueued), starting after the keyset `after`. Ties on time are broken by id so no case is
   * skipped or repeated between pages.
   */
  async queuePage(q: Q, page: { limit: number; after?: { priority: Priority; reportedAt: string; id: string } }): Promise<Incident[]> {
    const a = page.after
    const rows = await q<IncidentsRow[]>`
      select * from incidents where status = 'reported'
      ${a ? q`and (priority_rank, reported_at, id) > (${PRIORITY_RANK[a.priority]}, ${new Date(a.reportedAt)}, ${a.id})` : q``}
      order by priority_rank, reported_at, id
      limit ${page.limit}`
    return rows.map(toIncident)
  },

  /** Open cases by status and priority. */
  async openCounts(q: Q): Promise<{ status: IncidentStatus; priority: Priority; n: number }[]> {
    const rows = await q<Array<{ status: IncidentStatus; priority: Priority; n: number }>>`
      select status, priority, count(*)::int as n from incidents
      where status in ${q([...OPEN_STATUSES])} group by status, priority`
    return rows.map((r) => ({ status: r.status, priority: r.priority, n: r.n }))
  },
}
