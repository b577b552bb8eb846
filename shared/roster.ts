import { z } from 'zod'
import { multiLineText, singleLineText } from './text.js'
import { zonedMidnight, zonedParts } from './reports.js'

/**
 * The duty roster (issue #10, item 2; docs/decisions/013-duty-roster.md): the city's shifts
 * (city.json `shifts`), who is on which team in each shift, and the handover note.
 */

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/
export const ShiftIdSchema = z.string().regex(/^[a-z0-9_-]{1,20}$/, 'lower-case letters, digits, _ or -, at most 20')

/** One shift of the day: it starts at `start` (local time) and runs until the next shift starts. */
export const ShiftDefinitionSchema = z.object({
  id: ShiftIdSchema,
  name: singleLineText({ min: 1, max: 40 }),
  start: z.string().regex(HHMM, 'must be HH:MM (00:00–23:59)'),
})
export type ShiftDefinition = z.infer<typeof ShiftDefinitionSchema>

/** The day's shifts, in order of their start; ids unique, starts strictly increasing. */
export const ShiftsSchema = z
  .array(ShiftDefinitionSchema)
  .min(1)
  .max(8)
  .superRefine((shifts, ctx) => {
    shifts.forEach((s, i) => {
      if (shifts.findIndex((o) => o.id === s.id) !== i) ctx.addIssue({ code: 'custom', path: [i, 'id'], message: 'must be unique' })
      if (i > 0 && s.start <= shifts[i - 1]!.start) ctx.addIssue({ code: 'custom', path: [i, 'start'], message: 'must be later than the shift before' })
    })
  })

/** A calendar date in the city (`YYYY-MM-DD`), between 2000 and 2099. */
export const LocalDateSchema = z
  .string()
  .regex(/^(20\d\d)-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'must be a date YYYY-MM-DD')
  // zod runs a refinement even when the regex failed: never throw on garbage (a RangeError is a 500).
  .refine((v) => {
    const t = Date.parse(`${v}T00:00:00Z`)
    return !Number.isNaN(t) && new Date(t).toISOString().startsWith(v)
  }, 'not a calendar date')

/** One shift on one day: the date is the local date the shift starts on (a night shift runs into the next day). */
export interface ShiftSlot {
  date: string
  shiftId: string
  startsAt: string
  endsAt: string
}

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5))
const addDays = (date: string, n: number) => new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10)

/** The instant a local wall-clock time happens on a date in a time zone. */
function localInstant(date: string, hhmm: string, timeZone: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number]
  // Zones the city may have keep their offset through the day (no DST at a shift start in
  // Indonesia); for DST zones this is the offset at midnight, good to within the hour.
  return zonedMidnight(y, m, d, timeZone) + minutesOf(hhmm) * 60_000
}

/** The slot for a shift on a date. */
export function slotOf(date: string, shiftId: string, shifts: readonly ShiftDefinition[], timeZone: string): ShiftSlot {
  const i = shifts.findIndex((s) => s.id === shiftId)
  if (i < 0) throw new Error(`no shift ${shiftId}`)
  const start = localInstant(date, shifts[i]!.start, timeZone)
  const end = i + 1 < shifts.length ? localInstant(date, shifts[i + 1]!.start, timeZone) : localInstant(addDays(date, 1), shifts[0]!.start, timeZone)
  return { date, shiftId, startsAt: new Date(start).toISOString(), endsAt: new Date(end).toISOString() }
}

/** The shift an instant falls in. Before the day's first shift starts, it is the previous day's last shift. */
export function shiftAt(at: Date | number, shifts: readonly ShiftDefinition[], timeZone: string): ShiftSlot {
  const ms = typeof at === 'number' ? at : at.getTime()
  const p = zonedParts(ms, timeZone)
  const today = `${p.y}-${String(p.m).padStart(2, '0')}-${String(p.d).padStart(2, '0')}`
  const minute = p.h * 60 + p.mi
  let idx = -1
  for (let i = 0; i < shifts.length; i++) if (minutesOf(shifts[i]!.start) <= minute) idx = i
  if (idx < 0) return slotOf(addDays(today, -1), shifts[shifts.length - 1]!.id, shifts, timeZone)
  return slotOf(today, shifts[idx]!.id, shifts, timeZone)
}

/** The shift after a slot. */
export function nextSlot(slot: ShiftSlot, shifts: readonly ShiftDefinition[], timeZone: string): ShiftSlot {
  return shiftAt(Date.parse(slot.endsAt), shifts, timeZone)
}

/** The shift before a slot. */
export function previousSlot(slot: ShiftSlot, shifts: readonly ShiftDefinition[], timeZone: string): ShiftSlot {
  return shiftAt(Date.parse(slot.startsAt) - 1, shifts, timeZone)
}

/** Every slot of the days from `from` to `to` (inclusive), in order. */
export function slotsBetween(from: string, to: string, shifts: readonly ShiftDefinition[], timeZone: string): ShiftSlot[] {
  const out: ShiftSlot[] = []
  for (let d = from; d <= to; d = addDays(d, 1)) for (const s of shifts) out.push(slotOf(d, s.id, shifts, timeZone))
  return out
}

/** The most days one roster read covers (a planning screen shows a week or two). */
export const ROSTER_MAX_DAYS = 31

/** One team in one shift: the team accounts (role `team`, of that team) riding in it. */
export const RosterTeamSchema = z.object({
  teamId: z.uuid(),
  memberIds: z.array(z.uuid()).max(20).default([]),
})
export type RosterTeam = z.infer<typeof RosterTeamSchema>

/** What an admin plans for one shift: its duty supervisor (a dispatcher or admin account) and the teams on duty. */
export const ShiftPlanInputSchema = z.object({
  supervisorId: z.uuid().nullable().default(null),
  teams: z
    .array(RosterTeamSchema)
    .max(200)
    .superRefine((teams, ctx) => {
      teams.forEach((t, i) => {
        if (teams.findIndex((o) => o.teamId === t.teamId) !== i) ctx.addIssue({ code: 'custom', path: [i, 'teamId'], message: 'listed twice' })
      })
    }),
})
export type ShiftPlanInput = z.infer<typeof ShiftPlanInputSchema>

/** A planned shift as stored (and as its events carry it). */
export const ShiftPlanSchema = z.object({
  date: z.string(),
  shiftId: z.string(),
  supervisorId: z.string().nullable(),
  teams: z.array(z.object({ teamId: z.string(), memberIds: z.array(z.string()) })),
})
export type ShiftPlan = z.infer<typeof ShiftPlanSchema>

export const HANDOVER_NOTE_MAX = 4000
export const HandoverNoteInputSchema = z.object({ text: multiLineText({ max: HANDOVER_NOTE_MAX }) })

/** A handover note: written by the outgoing shift's dispatcher or supervisor, read by the incoming one. */
export const HandoverNoteSchema = z.object({
  date: z.string(),
  shiftId: z.string(),
  text: z.string(),
  byName: z.string().nullable(),
  at: z.string(),
})
export type HandoverNote = z.infer<typeof HandoverNoteSchema>

const SlotSchema = z.object({ date: z.string(), shiftId: z.string(), startsAt: z.string(), endsAt: z.string() })
const PersonRefSchema = z.object({ id: z.string(), displayName: z.string() })

/** A shift with its plan, names resolved, for reading screens. */
export const RosterShiftSchema = SlotSchema.extend({
  planned: z.boolean(),
  supervisor: PersonRefSchema.nullable(),
  teams: z.array(z.object({ teamId: z.string(), callSign: z.string(), members: z.array(PersonRefSchema) })),
  note: HandoverNoteSchema.nullable(),
})
export type RosterShift = z.infer<typeof RosterShiftSchema>

export const RosterQuerySchema = z
  .object({ from: LocalDateSchema, to: LocalDateSchema })
  .refine((q) => q.to >= q.from, { path: ['to'], message: 'must not be before from' })
  .refine((q) => (Date.parse(q.to) - Date.parse(q.from)) / 86_400_000 < ROSTER_MAX_DAYS, { path: ['to'], message: `at most ${ROSTER_MAX_DAYS} days` })

export const RosterWeekSchema = z.object({
  timezone: z.string(),
  shifts: z.array(ShiftDefinitionSchema),
  days: z.array(RosterShiftSchema),
})
export type RosterWeek = z.infer<typeof RosterWeekSchema>

/** What a console shows: the shift now, who is on duty, the last shift's handover note, the alarm. */
export const DutyNowSchema = z.object({
  timezone: z.string(),
  shifts: z.array(ShiftDefinitionSchema),
  current: RosterShiftSchema,
  next: SlotSchema,
  /** The note the outgoing shift left for this one. */
  previousNote: HandoverNoteSchema.nullable(),
  onDuty: z.array(z.object({ teamId: z.string(), callSign: z.string(), status: z.string() })),
  noTeamOnDuty: z.boolean(),
})
export type DutyNow = z.infer<typeof DutyNowSchema>

export const ALARMS = ['no_team_on_duty'] as const
export const AlarmSchema = z.enum(ALARMS)
