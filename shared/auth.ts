import { z } from 'zod'
import { singleLineText } from './text.js'

export const ACCOUNT_ROLES = ['admin', 'dispatcher', 'call_taker', 'team', 'viewer', 'facility'] as const
export const AccountRoleSchema = z.enum(ACCOUNT_ROLES)
export type AccountRole = z.infer<typeof AccountRoleSchema>

export const LoginSchema = z.object({
  username: singleLineText({ min: 1, max: 100 }),
  password: z.string().min(1).max(200),
  /** Return the session token in the body too, for clients without cookies (phone apps, integrators). */
  issueToken: z.boolean().default(false),
})

const Password = z.string().min(10, 'must be at least 10 characters').max(200)

export const CreateUserSchema = z
  .object({
    username: z
      .string()
      .trim()
      .min(3)
      .max(100)
      .regex(/^[a-z0-9._-]+$/, 'lower-case letters, digits, . _ - only'),
    displayName: singleLineText({ min: 1, max: 120 }),
    role: AccountRoleSchema,
    teamId: z.uuid().optional(),
    /** The destination a facility account works at (its staff see only its people). */
    destinationId: z.uuid().optional(),
    password: Password,
  })
  .refine((u) => (u.role === 'team') === Boolean(u.teamId), { message: 'a team member needs a teamId, and only a team member has one', path: ['teamId'] })
  .refine((u) => (u.role === 'facility') === Boolean(u.destinationId), { message: 'a facility account needs a destinationId, and only a facility account has one', path: ['destinationId'] })
export type CreateUser = z.infer<typeof CreateUserSchema>

/**
 * An admin's change to an account; what is not sent stays as it was. A new role, team, password
 * or disabling ends the account's sessions (the next sign-in gets the new rights).
 */
export const UpdateUserSchema = z.object({
  displayName: singleLineText({ min: 1, max: 120 }).optional(),
  password: Password.optional(),
  disabled: z.boolean().optional(),
  role: AccountRoleSchema.optional(),
  /** The team of a team member; null (or leaving it out) for every other role. */
  teamId: z.uuid().nullable().optional(),
  /** The destination of a facility account; null (or leaving it out) for every other role. */
  destinationId: z.uuid().nullable().optional(),
})
export type UpdateUser = z.infer<typeof UpdateUserSchema>

export const UserSchema = z.object({
  id: z.uuid(),
  username: z.string(),
  displayName: z.string(),
  role: AccountRoleSchema,
  teamId: z.uuid().nullable(),
  destinationId: z.uuid().nullable(),
  disabled: z.boolean(),
  createdAt: z.string(),
})
export type User = z.infer<typeof UserSchema>

export const SessionInfoSchema = z.object({
  user: UserSchema,
  csrfToken: z.string(),
  expiresAt: z.string(),
  /** For phones and integrators that cannot keep cookies: send as `Authorization: Bearer`. */
  token: z.string().optional(),
})
export type SessionInfo = z.infer<typeof SessionInfoSchema>

export const AccessLogEntrySchema = z.object({
  id: z.number(),
  at: z.string(),
  userId: z.string().nullable(),
  role: z.string(),
  recordType: z.string(),
  recordIds: z.array(z.string()),
  action: z.string(),
  requestId: z.string().nullable(),
})
export type AccessLogEntry = z.infer<typeof AccessLogEntrySchema>
