import type { TFunction } from 'i18next'
import type { LogEvent } from '@shared/events.js'
import { formatDistance } from '../../../lib/geo.js'

export { formatDistance }

export interface Lookup {
  /** The signed-in user's id, to show their own actions as "you". */
  me: string | null
  teamName(id: string | null | undefined): string
  destinationName(id: string | null | undefined): string
  incidentCode(id: string | null | undefined): string
}

/** One timeline line for a log event, in the dispatcher's language. */
export function describeEvent(t: TFunction, e: LogEvent, look: Lookup): { text: string; detail: string | null; by: string } {
  const team = look.teamName(e.teamId)
  let text: string
  let detail: string | null = null
  switch (e.type) {
    case 'incident.reported':
      text =
        e.after.source === 'patrol'
          ? t('timeline.events.incident_reported_patrol', { team: look.teamName(e.after.teamId) })
          : t('timeline.events.incident_reported', { source: t(`panel.sources.${e.after.source ?? 'citizen'}`) })
      break
    case 'incident.duplicate_flagged':
      text = t('timeline.events.incident_duplicate_flagged', { n: e.data.possibleDuplicates.length || 1 })
      break
    case 'incident.assigned': {
      text = t('timeline.events.incident_assigned', { team })
      const parts: string[] = []
      if (e.data.mode) parts.push(t(`timeline.modes.${e.data.mode}`, { defaultValue: e.data.mode }))
      if (e.data.distanceM !== undefined) parts.push(formatDistance(e.data.distanceM))
      if (e.data.reassignedFrom) parts.push(`← ${look.teamName(e.data.reassignedFrom)}`)
      detail = parts.join(' · ') || null
      break
    }
    case 'incident.unassigned':
      text = t('timeline.events.incident_unassigned', { team })
      detail = t(`timeline.reasons.${e.data.reason}`, { defaultValue: e.data.reason })
      break
    case 'incident.ack_timeout':
      text = t('timeline.events.incident_ack_timeout', { team })
      break
    case 'incident.transitioned': {
      const to = e.data.to ?? e.after.status
      const after = e.after
      text = t('timeline.events.incident_transitioned', { to: t(`common:status.${to}`, { defaultValue: to }) })
      if (after.disposition && (to === 'closed' || to === 'cancelled')) {
        detail = t(`common:disposition.${after.disposition}`) + (after.dispositionNote ? ` – ${after.dispositionNote}` : '')
      }
      break
    }
    case 'incident.priority_changed':
      text = t('timeline.events.incident_priority_changed', {
        from: t(`common:priority.${e.data.from}`, { defaultValue: e.data.from }),
        to: t(`common:priority.${e.data.to}`, { defaultValue: e.data.to }),
        keySeparator: false,
      })
      detail = e.data.note
      break
    case 'incident.merged':
      text = t('timeline.events.incident_merged', { code: look.incidentCode(e.data.into) })
      break
    case 'incident.queued':
      text = t('timeline.events.incident_queued', { reason: t(`timeline.reasons.${e.data.reason}`, { defaultValue: e.data.reason }) })
      break
    case 'incident.photo_added':
      text = t('timeline.events.photo_added')
      break
    case 'assignment.delivered':
      text = t('timeline.events.assignment_delivered', { team })
      break
    case 'handover.logged': {
      // A viewer's copy has no receiver or person.
      const h = e.after
      text = t('timeline.events.handover_logged', { destination: look.destinationName(e.destinationId), receivedBy: 'receivedBy' in h ? h.receivedBy : '?' })
      detail = 'person' in h ? h.person.condition : null
      break
    }
    case 'handover.receipt_confirmed':
      text = t('timeline.events.receipt_confirmed', { destination: look.destinationName(e.destinationId) })
      break
    case 'team.created':
    case 'team.updated':
    case 'team.status_changed':
    case 'destination.created':
    case 'destination.updated':
    case 'destination.imported':
    case 'account.created':
    case 'account.updated':
    case 'account.role_changed':
    case 'account.disabled':
    case 'account.enabled':
    case 'account.password_reset':
    case 'person.created':
    case 'person.updated':
    case 'stay.checked_in':
    case 'stay.checked_out':
    case 'stay.alerted':
    case 'stay.agreement_added':
    case 'occupancy.adjusted':
    case 'roster.updated':
    case 'roster.note_written':
    case 'roster.shift_started':
    case 'alarm.raised':
    case 'alarm.cleared':
    case 'settings.changed':
    case 'log.redacted':
      text = e.type
      break
    default: {
      // Every type is handled above; a row of a type this page does not know shows its name.
      const unknown: never = e
      text = (unknown as LogEvent).type
    }
  }
  const kind = e.actor.kind
  let by = t(`timeline.by.${kind}`)
  // A team acts as its call sign (the member's name after it); staff by their display name.
  if (kind === 'team' && e.actor.id) by = e.actor.name ? `${look.teamName(e.actor.id)} · ${e.actor.name}` : look.teamName(e.actor.id)
  else if (e.actor.name) by = e.actor.name
  if (look.me && kind !== 'team' && (e.actor.userId === look.me || e.actor.id === look.me)) by = `${by} (${t('timeline.you')})`
  if (e.actor.onBehalfOf) by += ` · ${t('timeline.onBehalf')}`
  return { text, detail, by }
}
