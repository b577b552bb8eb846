import { z } from 'zod'
import { RESIDENTIAL_KINDS } from './destinations.js'
import { IntervalSchema } from './reports.js'
import { ShiftsSchema } from './roster.js'

/**
 * The city's settings an admin may change while the system runs (issue #10, item 1; decision
 * 013): the environment (ACK_TIMEOUT_S, WAIT_ALERT_MIN, STALE_POSITION_MIN, PUBLIC_MIN_CELL) and
 * city.json (interval targets, stay limits, shifts) give the defaults; a change is stored in the
 * database and logged as `settings.changed`. The bounds are the environment's own.
 */
export const RuntimeSettingsSchema = z.object({
  /** Seconds a team has to acknowledge an assignment before it moves to the next team. */
  ackTimeoutS: z.number().int().min(5).max(3600),
  /** Minutes a case may wait without a team before the console alerts. */
  waitAlertMin: z
    .number()
    .min(1)
    .max(24 * 60),
  /** Minutes after which a team's position is stale (the team is not recommended on it). */
  stalePositionMin: z
    .number()
    .min(1)
    .max(24 * 60),
  /** The public summary publishes no count under this. */
  publicMinCell: z.number().int().min(2).max(100),
  /** The report's targets per interval, in seconds. */
  intervalTargetsS: z.partialRecord(
    IntervalSchema,
    z
      .number()
      .int()
      .min(1)
      .max(7 * 86_400),
  ),
  /** The longest stay per kind of residential destination, in days (null: no limit). */
  stayMaxDays: z.partialRecord(z.enum(RESIDENTIAL_KINDS), z.number().int().min(1).max(3650).nullable()),
  /** How many days before a stay's limit the facility is warned. */
  stayAlertDaysBefore: z.number().int().min(0).max(30),
  /** The shifts of a day (the duty roster). */
  shifts: ShiftsSchema,
})
export type RuntimeSettings = z.infer<typeof RuntimeSettingsSchema>
export type SettingKey = keyof RuntimeSettings
export const SETTING_KEYS = Object.keys(RuntimeSettingsSchema.shape) as SettingKey[]

/** An admin's change: the settings named, each whole; an unknown name is refused. */
export const SettingsPatchSchema = RuntimeSettingsSchema.partial().strict()
export type SettingsPatch = z.infer<typeof SettingsPatchSchema>

export const SettingsViewSchema = z.object({
  values: RuntimeSettingsSchema,
  defaults: RuntimeSettingsSchema,
  /** Settings whose value differs from the default. */
  changed: z.array(z.string()),
})
export type SettingsView = z.infer<typeof SettingsViewSchema>
