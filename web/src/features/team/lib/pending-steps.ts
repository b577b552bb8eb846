import { canTransition, type Incident, type IncidentTimes } from '@shared/incidents.js'
import type { OutboxEntry } from './outbox.js'

const TIME_OF: Partial<Record<Incident['status'], keyof IncidentTimes>> = {
  acknowledged: 'acknowledgedAt',
  en_route: 'enRouteAt',
  on_scene: 'onSceneAt',
  transporting: 'transportingAt',
}

/**
 * The case as the team has worked it: the server's last word plus the steps still in the
 * outbox (pressed offline), at the phone's times. The team goes on with the next step while
 * the earlier ones wait to be sent.
 */
export function withPendingSteps(incident: Incident, entries: readonly OutboxEntry[]): Incident {
  let i = incident
  for (const e of entries) {
    if (e.kind !== 'step' || e.incidentId !== incident.id || !canTransition(i.status, e.to)) continue
    const col = TIME_OF[e.to]
    i = { ...i, status: e.to, times: col ? { ...i.times, [col]: e.deviceTime } : i.times }
  }
  return i
}
