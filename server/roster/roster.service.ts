import type { Actor } from '@shared/events.js'
import {
  previousSlot,
  nextSlot,
  shiftAt,
  slotOf,
  slotsBetween,
  type DutyNow,
  type RosterShift,
  type RosterWeek,
  type ShiftDefinition,
  type ShiftPlan,
  type ShiftPlanInput,
  type ShiftSlot,
} from '@shared/roster.js'
import type { Deps } from '../context.js'
import { AppError } from '../errors.js'
import type { Identity } from '../http/identity.js'
import { teamsRepository } from '../teams/teams.repository.js'
import type { TeamsService } from '../teams/teams.service.js'
import { FREE_TEAM_STATUSES } from '@shared/teams.js'
import { rosterRepository, type StoredShift } from './roster.repository.js'

const SYSTEM: Actor = { kind: 'system', id: null }
/** Roles that may be a shift's duty supervisor: they have the console and every live alarm. */
const SUPERVISOR_ROLES = ['dispatcher', 'admin']

/**
 * The duty roster (decision 013): plans per shift, the shift change that puts rostered teams on
 * duty and the others off, the handover note, and the no-team-on-duty alarm.
 */
export class RosterService {
  constructor(
    private readonly d: Deps,
    private readonly teams: TeamsService,
  ) {}

  get timezone(): string {
    return this.d.config.TIMEZONE ?? this.d.city.config.timezone
  }

  /** The city's shifts (city.json `shifts`, or as an admin changed them: the settings). */
  shifts(): ShiftDefinition[] {
    return this.d.settings.current().shifts
  }

  /** The shift the clock is in now. */
  current(): ShiftSlot {
    return shiftAt(this.d.clock.now(), this.shifts(), this.timezone)
  }

  private slot(date: string, shiftId: string): ShiftSlot {
    if (!this.shifts().some((s) => s.id === shiftId)) {
      throw new AppError('validation_failed', `No shift ${shiftId} in the city's shifts`, [
        {
          path: 'path.shiftId',
          message: `must be one of ${this.shifts()
            .map((s) => s.id)
            .join(', ')}`,
        },
      ])
    }
    return slotOf(date, shiftId, this.shifts(), this.timezone)
  }

  /** Shifts with their plans and names, for the planning screen. */
  async week(from: string, to: string): Promise<RosterWeek> {
    const stored = await rosterRepository.between(this.d.db.sql, from, to)
    const slots = slotsBetween(from, to, this.shifts(), this.timezone)
    const days = await this.named(slots, stored)
    return { timezone: this.timezone, shifts: this.shifts(), days }
  }

  /** What the console shows: the shift now with who is in it, the last shift's note, the alarm. */
  async now(): Promise<DutyNow> {
    const current = this.current()
    const prev = previousSlot(current, this.shifts(), this.timezone)
    const [stored, before, state, teams] = await Promise.all([
      rosterRepository.get(this.d.db.sql, current.date, current.shiftId),
      rosterRepository.get(this.d.db.sql, prev.date, prev.shiftId),
      rosterRepository.readState(this.d.db.sql),
      this.teams.list(),
    ])
    const [shown, prevShown] = await this.named(
      [current, prev],
      [stored, before].filter((x): x is StoredShift => x !== null),
    )
    return {
      timezone: this.timezone,
      shifts: this.shifts(),
      current: shown!,
      next: nextSlot(current, this.shifts(), this.timezone),
      previousNote: prevShown!.note,
      onDuty: teams.filter((t) => t.status !== 'off_duty').map((t) => ({ teamId: t.id, callSign: t.callSign, status: t.status })),
      noTeamOnDuty: state.noTeamAlarm,
    }
  }

  /** Slots with their stored plans, team call signs and account names filled in. */
  private async named(slots: ShiftSlot[], stored: StoredShift[]): Promise<RosterShift[]> {
    const byKey = new Map(stored.map((s) => [`${s.date}/${s.shiftId}`, s]))
    const userIds = new Set<string>()
    for (const s of stored) {
      if (s.supervisorId) userIds.add(s.supervisorId)
      if (s.note?.byId) userIds.add(s.note.byId)
      for (const t of s.teams) for (const m of t.memberIds) userIds.add(m)
    }
    const names = new Map((await rosterRepository.accounts(this.d.db.sql, [...userIds])).map((a) => [a.id, a.displayName]))
    const callSigns = new Map((await teamsRepository.list(this.d.db.sql)).map((t) => [t.id, t.callSign]))
    const person = (id: string) => ({ id, displayName: names.get(id) ?? '?' })
    return slots.map((slot) => {
      const s = byKey.get(`${slot.date}/${slot.shiftId}`)
      return {
        ...slot,
        planned: Boolean(s && s.teams.length > 0),
        supervisor: s?.supervisorId ? person(s.supervisorId) : null,
        teams: (s?.teams ?? []).map((t) => ({ teamId: t.teamId, callSign: callSigns.get(t.teamId) ?? '?', members: t.memberIds.map(person) })).sort((a, b) => a.callSign.localeCompare(b.callSign)),
        note: s?.note ? { date: slot.date, shiftId: slot.shiftId, text: s.note.text, byName: s.note.byId ? (names.get(s.note.byId) ?? null) : null, at: s.note.at } : null,
      }
    })
  }

  /**
   * An admin's plan for one shift, replacing what was planned (its note stays). Teams must
   * exist; members must be active accounts of that team; the supervisor an active dispatcher
   * or admin. One `roster.updated` event, none when nothing changed.
   */
  async plan(date: string, shiftId: string, input: ShiftPlanInput, actor: Actor): Promise<RosterShift> {
    const slot = this.slot(date, shiftId)
    const issues: Array<{ path: string; message: string }> = []
    const known = new Set((await teamsRepository.list(this.d.db.sql)).map((t) => t.id))
    const ids = [...new Set([...(input.supervisorId ? [input.supervisorId] : []), ...input.teams.flatMap((t) => t.memberIds)])]
    const accounts = new Map((await rosterRepository.accounts(this.d.db.sql, ids)).map((a) => [a.id, a]))
    if (input.supervisorId) {
      const s = accounts.get(input.supervisorId)
      if (!s || s.disabled || !SUPERVISOR_ROLES.includes(s.role)) issues.push({ path: 'supervisorId', message: 'must be an active dispatcher or admin account' })
    }
    input.teams.forEach((t, i) => {
      if (!known.has(t.teamId)) issues.push({ path: `teams.${i}.teamId`, message: 'no such team' })
      t.memberIds.forEach((m, j) => {
        const a = accounts.get(m)
        if (!a || a.disabled || a.role !== 'team' || a.teamId !== t.teamId) issues.push({ path: `teams.${i}.memberIds.${j}`, message: 'must be an active account of this team' })
      })
    })
    if (issues.length) throw new AppError('validation_failed', 'The roster names teams or accounts it may not', issues)
    const plan: ShiftPlan = {
      date,
      shiftId,
      supervisorId: input.supervisorId,
      teams: input.teams.map((t) => ({ teamId: t.teamId, memberIds: [...new Set(t.memberIds)] })).sort((a, b) => (a.teamId < b.teamId ? -1 : 1)),
    }
    await this.d.transaction(async (tx, uow) => {
      const stored = await rosterRepository.get(tx, date, shiftId, { lock: true })
      const before: ShiftPlan | null = stored ? { date, shiftId, supervisorId: stored.supervisorId, teams: stored.teams } : null
      if (before && JSON.stringify(before) === JSON.stringify(plan)) return
      await rosterRepository.replacePlan(tx, plan, this.d.clock.now())
      uow.log({ type: 'roster.updated', actor, before, after: plan, data: { date, shiftId } })
    })
    const stored = await rosterRepository.get(this.d.db.sql, date, shiftId)
    return (await this.named([slot], stored ? [stored] : []))[0]!
  }

  /** The handover note of a shift, written by its dispatcher or supervisor for the next one. */
  async writeNote(date: string, shiftId: string, text: string, who: Identity): Promise<RosterShift> {
    const slot = this.slot(date, shiftId)
    await this.d.transaction(async (tx, uow) => {
      await rosterRepository.writeNote(tx, date, shiftId, { text, byId: who.userId }, this.d.clock.now())
      uow.log({ type: 'roster.note_written', actor: who.actor, data: { date, shiftId, text } })
    })
    const stored = await rosterRepository.get(this.d.db.sql, date, shiftId)
    return (await this.named([slot], stored ? [stored] : []))[0]!
  }

  /** The scheduled job (createApp's sweep): apply a shift change that is due, then check the alarm. */
  async tick(): Promise<void> {
    await this.applyShiftChange()
    await this.checkCoverage()
  }

  /**
   * At a shift change, once (the state row, locked, says which change was applied last): teams
   * in the new shift's plan go on duty, the others off; a team holding a case is taken off when
   * the case ends (`releaseIfPending`). A shift nobody planned changes no team. Between changes
   * nothing is touched, so a dispatcher's manual change holds until the next one.
   */
  async applyShiftChange(): Promise<boolean> {
    const slot = this.current()
    const seen = await rosterRepository.readState(this.d.db.sql)
    if (seen.appliedDate === slot.date && seen.appliedShift === slot.shiftId) return false
    return this.d.transaction(async (tx, uow) => {
      const state = await rosterRepository.lockState(tx)
      if (state.appliedDate === slot.date && state.appliedShift === slot.shiftId) return false
      await rosterRepository.markApplied(tx, slot.date, slot.shiftId)
      await rosterRepository.clearPending(tx)
      const plan = await rosterRepository.get(tx, slot.date, slot.shiftId)
      const planned = Boolean(plan && plan.teams.length > 0)
      const onDuty: string[] = []
      const offDuty: string[] = []
      const offAfterCase: string[] = []
      if (planned) {
        const rostered = new Set(plan!.teams.map((t) => t.teamId))
        const rows = await teamsRepository.lock(tx, await rosterRepository.teamIds(tx))
        const data = { reason: 'roster' }
        for (const row of rows) {
          const status = row.status
          if (rostered.has(row.id)) {
            if (status === 'off_duty') {
              await this.teams.setLockedStatus(tx, uow, row, 'available', SYSTEM, null, data)
              onDuty.push(row.id)
            }
            continue
          }
          if (status === 'off_duty') continue
          const holds = FREE_TEAM_STATUSES.includes(status) ? null : await teamsRepository.openIncidentOf(tx, row.id)
          if (holds) {
            await rosterRepository.addPending(tx, row.id, this.d.clock.now())
            offAfterCase.push(row.id)
          } else {
            await this.teams.setLockedStatus(tx, uow, row, 'off_duty', SYSTEM, null, data)
            offDuty.push(row.id)
          }
        }
      }
      uow.log({ type: 'roster.shift_started', actor: SYSTEM, data: { date: slot.date, shiftId: slot.shiftId, planned, onDuty, offDuty, offAfterCase } })
      return true
    })
  }

  /** Raises the no-team-on-duty alarm when no team is on duty, clears it when one is back. */
  async checkCoverage(): Promise<void> {
    const seen = await rosterRepository.readState(this.d.db.sql)
    if (((await rosterRepository.countOnDuty(this.d.db.sql)) === 0) === seen.noTeamAlarm) return
    await this.d.transaction(async (tx, uow) => {
      const state = await rosterRepository.lockState(tx)
      const none = (await rosterRepository.countOnDuty(tx)) === 0
      if (none === state.noTeamAlarm) return
      await rosterRepository.setAlarm(tx, none)
      uow.log({ type: none ? 'alarm.raised' : 'alarm.cleared', actor: SYSTEM, data: { alarm: 'no_team_on_duty' } })
    })
  }

  /**
   * A team became free: if the roster took it off duty while it held a case, it goes off duty
   * now (and is not offered the queue). Returns whether it did.
   */
  async releaseIfPending(teamId: string): Promise<boolean> {
    if (!(await rosterRepository.isPending(this.d.db.sql, teamId))) return false
    return this.d.transaction(async (tx, uow) => {
      const [row] = await teamsRepository.lock(tx, [teamId])
      if (!row || !(await rosterRepository.isPending(tx, teamId))) return false
      const status = row.status
      if (status === 'off_duty') {
        await rosterRepository.clearPending(tx, teamId)
        return false
      }
      if (!FREE_TEAM_STATUSES.includes(status) || (await teamsRepository.openIncidentOf(tx, teamId))) return false
      await rosterRepository.clearPending(tx, teamId)
      await this.teams.setLockedStatus(tx, uow, row, 'off_duty', SYSTEM, null, { reason: 'roster_after_case' })
      return true
    })
  }
}
