import { OPEN_STATUSES, PRIORITY_RANK, type Incident } from '../../../../../shared/incidents.js'

/** Open incidents, most urgent first, then oldest first (the order a dispatcher works in). */
export function queueOrder(incidents: Iterable<Incident>): Incident[] {
  return [...incidents]
    .filter((i) => OPEN_STATUSES.includes(i.status))
    .sort((a, b) => PRIORITY_RANK[a.priority] - PRIORITY_RANK[b.priority] || Date.parse(a.times.reportedAt) - Date.parse(b.times.reportedAt))
}
