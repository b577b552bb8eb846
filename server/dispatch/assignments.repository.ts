import type { Actor } from '../../shared/events.js'
import type { Q } from '../db/transaction.js'

export interface AssignmentRow {
  id: string
  incident_id: string
  team_id: string
  assigned_at: Date
  ack_deadline: Date | null
  acknowledged_at: Date | null
  delivered_at: Date | null
  ended_at: Date | null
  end_reason: string | null
}

export type EndReason = 'completed' | 'ack_timeout' | 'reassigned' | 'unassigned' | 'cancelled' | 'not_found' | 'merged'

export const assignmentsRepository = {
  async insert(q: Q, a: { id: string; incidentId: string; teamId: string; ackDeadline: Date | null; by: Actor }, now: Date) {
    await q`insert into assignments (id, incident_id, team_id, assigned_at, ack_deadline, assigned_by)
      values (${a.id}, ${a.incidentId}, ${a.teamId}, ${now}, ${a.ackDeadline}, ${q.json(a.by as never)})`
  },
  async activeForIncident(q: Q, incidentId: string): Promise<AssignmentRow | null> {
    const [row] = await q<AssignmentRow[]>`select * from assignments where incident_id = ${incidentId} and ended_at is null`
    return row ?? null
  },
  async activeForTeam(q: Q, teamId: string): Promise<AssignmentRow | null> {
    const [row] = await q<AssignmentRow[]>`select * from assignments where team_id = ${teamId} and ended_at is null`
    return row ?? null
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
  async acknowledge(q: Q, id: string, now: Date) {
    await q`update assignments set acknowledged_at = ${now}, delivered_at = coalesce(delivered_at, ${now}) where id = ${id}`
  },
  async markDelivered(q: Q, id: string, now: Date): Promise<boolean> {
    const rows = await q`update assignments set delivered_at = ${now} where id = ${id} and delivered_at is null and ended_at is null returning id`
    return rows.length > 0
  },
  /** Assignments whose acknowledgement deadline has passed (not locked: callers re-check). */
  async overdue(q: Q, now: Date): Promise<AssignmentRow[]> {
    return q<AssignmentRow[]>`
      select * from assignments
      where ended_at is null and acknowledged_at is null and ack_deadline < ${now}
      order by ack_deadline limit 100`
  },
  async undelivered(q: Q, teamId?: string): Promise<AssignmentRow[]> {
    return q<AssignmentRow[]>`
      select * from assignments where ended_at is null and delivered_at is null
      ${teamId ? q`and team_id = ${teamId}` : q``}`
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
