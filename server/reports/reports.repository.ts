import type { Disposition, IncidentCategory, IncidentSource, IncidentStatus } from '@shared/incidents.js'
import type { StepEvent } from '@shared/intervals.js'
import type { Q } from '../db/transaction.js'

/** The events that change a case's status: what the intervals are computed from. */
const STEP_EVENT_TYPES = ['incident.reported', 'incident.assigned', 'incident.unassigned', 'incident.transitioned', 'incident.merged']

/** A step event, with the team it names (an assignment's team). */
export interface ReportEvent extends StepEvent {
  teamId: string | null
  teamCallSign: string | null
}

/**
 * What a report needs of one case, and nothing personal: no reporter, description, address,
 * location or person handed over.
 */
export interface ReportCase {
  id: string
  category: IncidentCategory
  source: IncidentSource
  status: IncidentStatus
  disposition: Disposition | null
  reportedAt: string
  kecamatanCode: string | null
  kecamatan: string | null
  kelurahanCode: string | null
  kelurahan: string | null
  destination: { id: string; name: string; kind: string } | null
  /** The person record the case's handover names (issue #9), if any: an id, never who. */
  personId: string | null
  events: ReportEvent[]
}

export const reportsRepository = {
  /** Every case first reported in [start, end), with its status events in log order. */
  async casesReportedBetween(q: Q, start: Date, end: Date): Promise<ReportCase[]> {
    const rows = await q`
      select i.id, i.category, i.source, i.status, i.disposition, i.reported_at, i.kecamatan_code, i.kecamatan, i.kelurahan_code, i.kelurahan,
        d.id as destination_id, d.name as destination_name, d.kind as destination_kind, h.person_id
      from incidents i left join destinations d on d.id = i.destination_id
        left join handovers h on h.incident_id = i.id
      where i.reported_at >= ${start} and i.reported_at < ${end}
      order by i.reported_at, i.id`
    // Times as epoch milliseconds: a year of a busy city is hundreds of thousands of events, and
    // a number costs far less than a Date and an ISO string each.
    const events = await q`
      select e.incident_id, e.type, e.data->>'from' as from_status, e.data->>'to' as to_status, e.team_id, t.call_sign,
        -- A step is dated when it happened: a phone that was offline sends it later, and the
        -- server keeps the phone's time, bounded, in the case's times (shared/device-time.ts;
        -- the event's data names it). A handover is dated when the person was handed over
        -- (handovers.handed_over_at). Every other step when logged.
        (extract(epoch from case
          when e.type = 'incident.transitioned' and e.data->>'to' = 'handed_over'
            then coalesce((e.after->'times'->>'handedOverAt')::timestamptz, e.at)
          when e.data ? 'deviceTime'
            then coalesce((e.after->'times'->>(case e.data->>'to' when 'acknowledged' then 'acknowledgedAt' when 'en_route' then 'enRouteAt'
              when 'on_scene' then 'onSceneAt' when 'transporting' then 'transportingAt' end))::timestamptz, e.at)
          else e.at end) * 1000)::float8 as at_ms
      from events e
        join incidents i on i.id = e.incident_id
        left join teams t on t.id = e.team_id
      where i.reported_at >= ${start} and i.reported_at < ${end} and e.type in ${q(STEP_EVENT_TYPES)}
      order by e.incident_id, e.seq`
    const byCase = new Map<string, ReportEvent[]>()
    for (const e of events) {
      let list = byCase.get(e.incident_id)
      if (!list) byCase.set(e.incident_id, (list = []))
      list.push({ type: e.type, at: e.at_ms, from: e.from_status, to: e.to_status, teamId: e.team_id, teamCallSign: e.call_sign })
    }
    return rows.map((r) => ({
      id: r.id,
      category: r.category,
      source: r.source,
      status: r.status,
      disposition: r.disposition,
      reportedAt: (r.reported_at as Date).toISOString(),
      kecamatanCode: r.kecamatan_code,
      kecamatan: r.kecamatan,
      kelurahanCode: r.kelurahan_code,
      kelurahan: r.kelurahan,
      destination: r.destination_id ? { id: r.destination_id, name: r.destination_name, kind: r.destination_kind } : null,
      personId: r.person_id ?? null,
      events: byCase.get(r.id) ?? [],
    }))
  },
}
