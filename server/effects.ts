import type { TeamPushMessage } from '@shared/push.js'
import type { Team } from '@shared/teams.js'

/**
 * Something that happened which other parts of the app react to: services report it, and
 * `createApp` lists the reactions in one table (see server/app.ts). Effects logged in a
 * transaction (`uow.effect`) are dispatched only after it commits.
 */
export type Effect =
  /** A team became free to take a case (after a commit, or its position became fresh). */
  | { type: 'team.freed'; teamId: string }
  /** A team's phones should hear of a case: offered to the team, or taken off it (Web Push). */
  | { type: 'team.notify'; teamId: string; message: TeamPushMessage }
  /** A position fix was stored. */
  | { type: 'position.stored'; team: Team }
  /** One session ended (logout). */
  | { type: 'session.ended'; sessionId: string }
  /** Every session of an account ended (disabled, or its password changed). */
  | { type: 'account.ended'; userId: string }

export type EffectType = Effect['type']
export type React = (effect: Effect) => Promise<void>
