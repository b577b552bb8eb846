import type { Incident } from '@shared/incidents.js'
import type { Deps } from '../context.js'
import { assignmentsRepository } from '../dispatch/assignments.repository.js'
import { AppError } from '../errors.js'
import type { Identity } from '../http/identity.js'
import { sessionsRepository } from './auth.repository.js'
import { permits } from './policy.js'

/**
 * How long after a handover the team may still read the case (its personal data, photos and
 * destinations), so the crew can finish the handover form and check what they entered. After
 * that, or as soon as the case is closed, only dispatchers can.
 */
export const HANDOVER_GRACE_MS = 15 * 60_000

/** What a socket's catch-up may contain. */
export interface CatchUpScope {
  /** The catch-up starts after this sequence number at the earliest. */
  fromSeq: number
  /** Incidents whose events may be sent; null when any may. */
  incidents: ReadonlySet<string> | null
  /** For a team: its own team events (status changes) may be sent too. */
  teamId: string | null
}

/**
 * Which records a caller may read *now*. The permission table says what a role may do at all;
 * this says which cases: a team member only the case their team currently holds.
 */
export class ReadScope {
  constructor(private readonly d: Deps) {}

  /** The cases a team holds now: its active assignment, or one handed over within HANDOVER_GRACE_MS and not yet closed. */
  currentCases(teamId: string): Promise<string[]> {
    return assignmentsRepository.currentCasesOfTeam(this.d.db.sql, teamId, new Date(this.d.clock.now().getTime() - HANDOVER_GRACE_MS))
  }

  /** Throws forbidden unless the caller may read this incident's record, photos and destinations. */
  async assertCanRead(who: Identity, incident: Pick<Incident, 'id'>): Promise<void> {
    if (who.role !== 'team') return
    if (who.teamId && (await this.currentCases(who.teamId)).includes(incident.id)) return
    throw new AppError('forbidden', 'This incident is not your team’s current case')
  }

  /**
   * Bounds a reconnecting socket's catch-up by what the role may read over HTTP. Roles with
   * `events.read` may read the whole log. Every other role gets nothing from before its
   * session began (it would have received all of that live), and a team only the events of
   * the case it holds now plus its own status changes.
   */
  async catchUp(who: Identity, lastSeq: number): Promise<CatchUpScope> {
    if (permits(who.role, 'events.read')) return { fromSeq: lastSeq, incidents: null, teamId: null }
    const sessionStart = who.sessionId ? await sessionsRepository.lastSeqBeforeStart(this.d.db.sql, who.sessionId) : null
    // No session (a citizen) means no history at all.
    const fromSeq = Math.max(lastSeq, sessionStart ?? Number.MAX_SAFE_INTEGER)
    if (who.role !== 'team') return { fromSeq, incidents: null, teamId: null }
    const cases = who.teamId ? await this.currentCases(who.teamId) : []
    return { fromSeq, incidents: new Set(cases), teamId: who.teamId }
  }
}
