import type { Incident } from '@shared/incidents.js'
import type { Team } from '@shared/teams.js'

/**
 * The service worker's cache of the team's API reads (web/build/team-pwa.ts): session,
 * settings, destinations. It holds the session info, so signing out empties it.
 */
export const TEAM_API_CACHE = 'trc-team-api'

/**
 * The team and its case as this phone last knew them, kept by the page itself (not by the
 * worker's cache of GET answers: a step recorded since would be missing there, and a reload in
 * a dead zone would show an accepted case as new). Holds personal data: cleared on sign-out.
 */
export interface LastKnown {
  team: Team
  assignment: Incident | null
}
const lastKnownKey = (teamId: string) => `trc-team-last-known:${teamId}`

export function saveLastKnown(teamId: string, value: LastKnown): void {
  try {
    localStorage.setItem(lastKnownKey(teamId), JSON.stringify(value))
  } catch {
    /* storage full or disabled: only the offline reload loses it */
  }
}

export function readLastKnown(teamId: string): LastKnown | null {
  try {
    const raw = localStorage.getItem(lastKnownKey(teamId))
    // Written by saveLastKnown on this phone.
    return raw ? (JSON.parse(raw) as LastKnown) : null
  } catch {
    return null
  }
}

export async function forgetCachedReads(): Promise<void> {
  try {
    for (const k of Object.keys(localStorage)) if (k.startsWith('trc-team-last-known:')) localStorage.removeItem(k)
  } catch {
    /* nothing stored */
  }
  if ('caches' in window) await caches.delete(TEAM_API_CACHE).catch(() => false)
}
