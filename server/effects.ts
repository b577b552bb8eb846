import type { Team } from '../shared/teams.js'

/**
 * Something that happened which other parts of the app react to: services report it, and
 * `createApp` lists the reactions in one table (see server/app.ts). Effects logged in a
 * transaction (`uow.effect`) are dispatched only after it commits.
 */
export type Effect =
  /** A team became free to take a case (after a commit, or its position became fresh). */
  | { type: 'team.freed'; teamId: string }
  /** A position fix was stored. */
  | { type: 'position.stored'; team: Team }
  /** One session ended (logout). */
  | { type: 'session.ended'; sessionId: string }
  /** Every session of an account ended (disabled, or its password changed). */
  | { type: 'account.ended'; userId: string }

export type EffectType = Effect['type']
export type React = (effect: Effect) => Promise<void>
