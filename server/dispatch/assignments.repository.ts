import type { Actor } from '@shared/events.js'
import type { Incident } from '@shared/incidents.js'
import type { TeamStatus } from '@shared/teams.js'
import type { Q } from '../db/transaction.js'
import { toIncident, type IncidentsRow } from '../incidents/incidents.repository.js'
import { toLockedTeam, type LockedTeam, type TeamsRow } from '../teams/teams.repository.js'

/** The Postgres type oid of uuid, for uuid[] parameters. */
const UUID_OID = 2950

export type EndReason = 'completed' | 'ack_timeout' | 'reassigned' | 'unassigned' | 'cancelled' | 'not_found' | 'merged'

/** A row of `assignments` as the driver returns it. */
interface AssignmentsRow {
  id: string
  incident_id: string
  team_id: string
  assigned_at: Date
  ack_deadline: Date | null
  acknowledged_at: Date | null
  delivered_at: Date | null
  ended_at: Date | null
  end_reason: EndReason | null
}

/** A team's assignment to an incident: offered, acknowledged, delivered to its phone, ended. */
export interface Assignment {
  id: string
  incidentId: string
  teamId: string
  assignedAt: Date
  ackDeadline: Date | null
  acknowledgedAt: Date | null
  deliveredAt: Date | null
  endedAt: Date | null
  endReason: EndReason | null
}

const toAssignment = (r: AssignmentsRow): Assignment => ({
  id: r.id,
  incidentId: r.incident_id,
  teamId: r.team_id,
  assignedAt: r.assigned_at,
  ackDeadline: r.ack_deadline,
  acknowledgedAt: r.acknowledged_at,
  deliveredAt: r.delivered_at,
  endedAt: r.ended_at,
  endReason: r.end_reason,
})

/** What a binding statement returns: the incident and the team after it. */
export interface Bound {
  incident: Incident
  team: LockedTeam
}

export const assignmentsRepository = {
  /**
   * Binds a team to an incident in one statement: the assignment, the incident (`assigned`)
   * and the team (`assigned`). The caller holds both rows' locks (incident first, then team);
   * the partial unique indexes are the last line of defence.
   */
  async bind(q: Q, a: { id: string; incidentId: string; teamId: string; ackDeadline: Date | null; by: Actor }, now: Date): Promise<Bound> {
    const [row] = await q<Array<{ incident: IncidentsRow; team: TeamsRow }>>`
      with a as (
        insert into assignments (id, incident_id, team_id, assigned_at, ack_deadline, assigned_by)
        values (${a.id}, ${a.incidentId}, ${a.teamId}, ${now}, ${a.ackDeadline}, ${q.json(a.by as never)})
        returning id
      ),
      t as (update teams set status = 'assigned', status_changed_at = ${now} where id = ${a.teamId} returning *),
      i as (
        update incidents set status = 'assigned', team_id = ${a.teamId}, assigned_at = coalesce(assigned_at, ${now}),
          ack_deadline = ${a.ackDeadline}, updated_at = ${now}
        where id = ${a.incidentId} returning *
      )
      select to_jsonb(i.*) as incident, to_jsonb(t.*) as team from i, t, a`
    return { incident: toIncident(row!.incident), team: toLockedTeam(row!.team) }
  },

  /**
   * Locks the first of `candidates` (in the given order) that is still free and binds it to the
   * incident, all in one statement; null when none is free. Teams another transaction holds
   * are skipped, not waited for; Postgres re-checks status and freshness on the latest row
   * version after locking. The caller holds the incident's lock.
   */
  async bindFirstFree(
    q: Q,
    a: { id: string; incidentId: string; candidates: string[]; statuses: readonly TeamStatus[]; freshSince: Date; ackDeadline: Date | null; by: Actor },
    now: Date,
  ): Promise<(Bound & { teamBefore: LockedTeam }) | null> {
    if (a.candidates.length === 0) return null
    const ids = q.array(a.candidates, UUID_OID)
    const [row] = await q<Array<{ incident: IncidentsRow; team: TeamsRow; team_before: TeamsRow }>>`
      with pick as (
        select t.* from teams t
        where t.id = any(${ids}) and t.status in ${q([...a.statuses])} and t.position_received_at >= ${a.freshSince}
          and not exists (select 1 from assignments x where x.team_id = t.id and x.ended_at is null)
        order by array_position(${ids}, t.id) limit 1
        for update skip locked
      ),
      a as (
        insert into assignments (id, incident_id, team_id, assigned_at, ack_deadline, assigned_by)
        select ${a.id}, ${a.incidentId}, pick.id, ${now}, ${a.ackDeadline}, ${q.json(a.by as never)} from pick
        returning id
      ),
      t as (update teams set status = 'assigned', status_changed_at = ${now} from pick where teams.id = pick.id returning teams.*),
      i as (
        update incidents set status = 'assigned', team_id = pick.id, assigned_at = coalesce(incidents.assigned_at, ${now}),
          ack_deadline = ${a.ackDeadline}, updated_at = ${now}
        from pick where incidents.id = ${a.incidentId} returning incidents.*
      )
      select to_jsonb(i.*) as incident, to_jsonb(t.*) as team, to_jsonb(pick.*) as team_before from i, t, pick, a`
    return row ? { incident: toIncident(row.incident), team: toLockedTeam(row.team), teamBefore: toLockedTeam(row.team_before) } : null
  },

  /**
   * Ends the incident's open assignment, sets its team's status and puts the incident back to
   * `reported`, in one statement. The caller holds the incident's and the team's locks.
   * Returns the incident after, and the team that was released (null if it had none).
   */
  async release(q: Q, r: { incidentId: string; reason: EndReason; teamStatus: TeamStatus }, now: Date): Promise<{ incident: Incident; teamId: string | null }> {
    const [row] = await q<Array<{ incident: IncidentsRow; team_id: string | null }>>`
      with a as (
        update assignments set ended_at = ${now}, end_reason = ${r.reason}
        where incident_id = ${r.incidentId} and ended_at is null returning team_id
      ),
      t as (
        update teams set status = ${r.teamStatus}, status_changed_at = ${now}
        from a where teams.id = a.team_id and teams.status <> ${r.teamStatus} returning teams.id
      ),
      i as (update incidents set status = 'reported', team_id = null, ack_deadline = null, updated_at = ${now} where id = ${r.incidentId} returning *)
      select to_jsonb(i.*) as incident, (select team_id from a) as team_id, (select count(*) from t) as teams_changed from i`
    return { incident: toIncident(row!.incident), teamId: row!.team_id ?? null }
  },

  /** Ends the incident's open assignment, if any; returns its team. */
  async endOpen(q: Q, incidentId: string, reason: EndReason, now: Date): Promise<string | null> {
    const [row] = await q`update assignments set ended_at = ${now}, end_reason = ${reason} where incident_id = ${incidentId} and ended_at is null returning team_id`
    return (row?.team_id as string | undefined) ?? null
  },

  /** Records the team's acknowledgement on the incident's open assignment. */
  async acknowledgeOpen(q: Q, incidentId: string, now: Date): Promise<void> {
    await q`update assignments set acknowledged_at = ${now}, delivered_at = coalesce(delivered_at, ${now}) where incident_id = ${incidentId} and ended_at is null`
  },

  async activeForIncident(q: Q, incidentId: string): Promise<Assignment | null> {
    const [row] = await q<AssignmentsRow[]>`select * from assignments where incident_id = ${incidentId} and ended_at is null`
    return row ? toAssignment(row) : null
  },
  async activeForTeam(q: Q, teamId: string): Promise<Assignment | null> {
    const [row] = await q<AssignmentsRow[]>`select * from assignments where team_id = ${teamId} and ended_at is null`
    return row ? toAssignment(row) : null
  },
  /**
   * The incidents a team may read now: its active assignment, and a case it handed over since
   * `handedOverSince` that is still `handed_over` (not yet closed), so the handover form can be
   * finished. Read from the assignments, not from incidents.team_id.
   */
  async currentCasesOfTeam(q: Q, teamId: string, handedOverSince: Date): Promise<string[]> {
    const rows = await q`
      select a.incident_id from assignments a
      where a.team_id = ${teamId} and a.ended_at is null
      union
      select a.incident_id from assignments a
      join incidents i on i.id = a.incident_id and i.status = 'handed_over'
      join handovers h on h.incident_id = a.incident_id and h.team_id = a.team_id
      where a.team_id = ${teamId} and a.end_reason = 'completed' and a.ended_at >= ${handedOverSince}`
    return rows.map((r) => r.incident_id as string)
  },
  async end(q: Q, id: string, reason: EndReason, now: Date) {
    await q`update assignments set ended_at = ${now}, end_reason = ${reason} where id = ${id} and ended_at is null`
  },
  /** Marks the assignment delivered to the team's phone; returns it if this call did. */
  async markDelivered(q: Q, id: string, now: Date): Promise<{ incidentId: string; teamId: string } | null> {
    const [row] = await q`update assignments set delivered_at = ${now} where id = ${id} and delivered_at is null and ended_at is null returning incident_id, team_id`
    return row ? { incidentId: row.incident_id, teamId: row.team_id } : null
  },
  /** Assignments whose acknowledgement deadline has passed (not locked: callers re-check). */
  async overdue(q: Q, now: Date): Promise<Assignment[]> {
    const rows = await q<AssignmentsRow[]>`
      select * from assignments
      where ended_at is null and acknowledged_at is null and ack_deadline < ${now}
      order by ack_deadline limit 100`
    return rows.map(toAssignment)
  },
  async undelivered(q: Q, teamId?: string): Promise<Assignment[]> {
    const rows = await q<AssignmentsRow[]>`
      select * from assignments where ended_at is null and delivered_at is null
      ${teamId ? q`and team_id = ${teamId}` : q``}`
    return rows.map(toAssignment)
  },
  /**
   * Teams not to offer this incident to again automatically: those that let the
   * acknowledgement time out, and those a dispatcher took off it.
   */
  async teamsExcluded(q: Q, incidentId: string): Promise<string[]> {
    const rows = await q`select distinct team_id from assignments
      where incident_id = ${incidentId} and end_reason in ('ack_timeout', 'unassigned', 'reassigned')`
    return rows.map((r) => r.team_id as string)
  },
}
