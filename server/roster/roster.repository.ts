import type { ShiftPlan } from '@shared/roster.js'
import type { Q } from '../db/transaction.js'

/** A row of `roster_shifts` as the driver returns it (a date column as a Date or as text). */
interface ShiftsRow {
  shift_date: Date | string
  shift_id: string
  supervisor_id: string | null
  note: string | null
  note_by: string | null
  note_at: Date | null
}
/** A row of `roster_entries`. */
interface EntriesRow {
  shift_date: Date | string
  shift_id: string
  team_id: string
  member_ids: string[] | null
}

/** A planned shift as stored, with its note. */
export interface StoredShift extends ShiftPlan {
  note: { text: string; byId: string | null; at: string } | null
}

const dateText = (d: unknown): string => (d instanceof Date ? d.toISOString().slice(0, 10) : String(d).slice(0, 10))

function toShifts(shiftRows: readonly ShiftsRow[], entryRows: readonly EntriesRow[]): StoredShift[] {
  const byKey = new Map<string, StoredShift>()
  for (const r of shiftRows) {
    const date = dateText(r.shift_date)
    byKey.set(`${date}/${r.shift_id}`, {
      date,
      shiftId: r.shift_id,
      supervisorId: r.supervisor_id ?? null,
      teams: [],
      note: r.note === null || r.note === undefined ? null : { text: r.note, byId: r.note_by ?? null, at: new Date(r.note_at!).toISOString() },
    })
  }
  for (const e of entryRows) byKey.get(`${dateText(e.shift_date)}/${e.shift_id}`)?.teams.push({ teamId: e.team_id, memberIds: e.member_ids ?? [] })
  return [...byKey.values()]
}

/** The duty roster's tables (db/migrations/00007_roster). Dates are the city's calendar dates, as text. */
export const rosterRepository = {
  /** Planned shifts from `from` to `to` (inclusive dates), each with its teams (ordered by team id). */
  async between(q: Q, from: string, to: string): Promise<StoredShift[]> {
    const shifts = await q<ShiftsRow[]>`select * from roster_shifts where shift_date between ${from}::date and ${to}::date order by shift_date, shift_id`
    const entries = await q<EntriesRow[]>`select * from roster_entries where shift_date between ${from}::date and ${to}::date order by shift_date, shift_id, team_id`
    return toShifts(shifts, entries)
  },

  async get(q: Q, date: string, shiftId: string, opts: { lock?: boolean } = {}): Promise<StoredShift | null> {
    const shifts = opts.lock
      ? await q<ShiftsRow[]>`select * from roster_shifts where shift_date = ${date}::date and shift_id = ${shiftId} for update`
      : await q<ShiftsRow[]>`select * from roster_shifts where shift_date = ${date}::date and shift_id = ${shiftId}`
    if (!shifts.length) return null
    const entries = await q<EntriesRow[]>`select * from roster_entries where shift_date = ${date}::date and shift_id = ${shiftId} order by team_id`
    return toShifts(shifts, entries)[0]!
  },

  /** Replaces a shift's plan (supervisor and teams), keeping its note. */
  async replacePlan(q: Q, plan: ShiftPlan, now: Date): Promise<void> {
    await q`insert into roster_shifts (shift_date, shift_id, supervisor_id, updated_at) values (${plan.date}::date, ${plan.shiftId}, ${plan.supervisorId}, ${now})
      on conflict (shift_date, shift_id) do update set supervisor_id = excluded.supervisor_id, updated_at = excluded.updated_at`
    await q`delete from roster_entries where shift_date = ${plan.date}::date and shift_id = ${plan.shiftId}`
    for (const t of plan.teams) {
      await q`insert into roster_entries (shift_date, shift_id, team_id, member_ids) values (${plan.date}::date, ${plan.shiftId}, ${t.teamId}, ${q.array(t.memberIds)}::uuid[])`
    }
  },

  async writeNote(q: Q, date: string, shiftId: string, note: { text: string; byId: string | null }, now: Date): Promise<void> {
    await q`insert into roster_shifts (shift_date, shift_id, note, note_by, note_at, updated_at) values (${date}::date, ${shiftId}, ${note.text}, ${note.byId}, ${now}, ${now})
      on conflict (shift_date, shift_id) do update set note = excluded.note, note_by = excluded.note_by, note_at = excluded.note_at, updated_at = excluded.updated_at`
  },

  /** The one state row, locked: which shift change was applied last, and the alarm. */
  async lockState(q: Q): Promise<{ appliedDate: string | null; appliedShift: string | null; noTeamAlarm: boolean }> {
    const [r] = await q`select * from roster_state where id = 1 for update`
    return { appliedDate: r!.applied_date ? dateText(r!.applied_date) : null, appliedShift: r!.applied_shift ?? null, noTeamAlarm: r!.no_team_alarm }
  },

  async readState(q: Q): Promise<{ appliedDate: string | null; appliedShift: string | null; noTeamAlarm: boolean }> {
    const [r] = await q`select * from roster_state where id = 1`
    return { appliedDate: r!.applied_date ? dateText(r!.applied_date) : null, appliedShift: r!.applied_shift ?? null, noTeamAlarm: r!.no_team_alarm }
  },

  async markApplied(q: Q, date: string, shiftId: string): Promise<void> {
    await q`update roster_state set applied_date = ${date}::date, applied_shift = ${shiftId} where id = 1`
  },

  async setAlarm(q: Q, raised: boolean): Promise<void> {
    await q`update roster_state set no_team_alarm = ${raised} where id = 1`
  },

  /** How many teams are on duty (any status but off duty). */
  async countOnDuty(q: Q): Promise<number> {
    const [r] = await q`select count(*)::int as n from teams where status <> 'off_duty'`
    return r!.n
  },

  async teamIds(q: Q): Promise<string[]> {
    return (await q`select id from teams order by id`).map((r) => r.id as string)
  },

  async clearPending(q: Q, teamId?: string): Promise<void> {
    if (teamId) await q`delete from roster_pending_off where team_id = ${teamId}`
    else await q`delete from roster_pending_off`
  },

  async addPending(q: Q, teamId: string, now: Date): Promise<void> {
    await q`insert into roster_pending_off (team_id, since) values (${teamId}, ${now}) on conflict (team_id) do nothing`
  },

  async isPending(q: Q, teamId: string): Promise<boolean> {
    return (await q`select 1 from roster_pending_off where team_id = ${teamId}`).length > 0
  },

  /** Accounts by id, for checking who may be rostered. */
  async accounts(q: Q, ids: string[]): Promise<Array<{ id: string; role: string; teamId: string | null; disabled: boolean; displayName: string }>> {
    if (!ids.length) return []
    return (await q`select id, role, team_id, disabled_at, display_name from users where id in ${q(ids)}`).map((r) => ({
      id: r.id,
      role: r.role,
      teamId: r.team_id ?? null,
      disabled: r.disabled_at !== null,
      displayName: r.display_name,
    }))
  },
}
