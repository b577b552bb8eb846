import { OPEN_STATUSES, PRIORITY_RANK, type Incident } from '@shared/incidents.js'

/** Queue order: most urgent first, then oldest first, then id (as the server pages it). */
export function compareQueue(a: Incident, b: Incident): number {
  return PRIORITY_RANK[a.priority] - PRIORITY_RANK[b.priority] || Date.parse(a.times.reportedAt) - Date.parse(b.times.reportedAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
}

/** Open incidents, most urgent first, then oldest first (the order a dispatcher works in). */
export function queueOrder(incidents: Iterable<Incident>): Incident[] {
  return [...incidents].filter((i) => OPEN_STATUSES.includes(i.status)).sort(compareQueue)
}

/**
 * The open incidents the console can show in order: every active case, and the waiting ones up
 * to the last loaded page (`loadedUpTo`, null once the whole queue is loaded). A waiting case
 * that arrived live and sorts after that page is left for the page that holds it, so the list
 * never shows a case out of its place.
 */
export function visibleQueue(incidents: Iterable<Incident>, loadedUpTo: Incident | null): Incident[] {
  return queueOrder(incidents).filter((i) => i.status !== 'reported' || !loadedUpTo || compareQueue(i, loadedUpTo) <= 0)
}
