import type { Incident, IncidentFilter, IncidentStatus, Priority, TrackingView } from '../../shared/incidents.js'
import { OPEN_STATUSES, PRIORITY_RANK } from '../../shared/incidents.js'
import type { Q } from '../db/transaction.js'

type Row = Record<string, any>
const iso = (d: Date | null | undefined) => (d ? new Date(d).toISOString() : null)

export function toIncident(r: Row): Incident {
  return {
    id: r.id,
    trackingCode: r.tracking_code,
    category: r.category,
    priority: r.priority,
    answers: r.answers,
    status: r.status,
    location: { lon: r.lon, lat: r.lat, accuracyM: r.accuracy_m },
    locationSource: r.location_source,
    address: r.address,
    description: r.description,
    area: { kecamatan: r.kecamatan, kecamatanCode: r.kecamatan_code, kelurahan: r.kelurahan, kelurahanCode: r.kelurahan_code },
    source: r.source,
    reporter: r.reporter_name || r.reporter_phone ? { name: r.reporter_name ?? undefined, phone: r.reporter_phone ?? undefined } : null,
    teamId: r.team_id,
    destinationId: r.destination_id,
    duplicateOf: r.duplicate_of,
    possibleDuplicates: r.possible_duplicates ?? [],
    disposition: r.disposition,
    dispositionNote: r.disposition_note,
    times: {
      reportedAt: iso(r.reported_at)!,
      assignedAt: iso(r.assigned_at),
      acknowledgedAt: iso(r.acknowledged_at),
      enRouteAt: iso(r.en_route_at),
      onSceneAt: iso(r.on_scene_at),
      transportingAt: iso(r.transporting_at),
      handedOverAt: iso(r.handed_over_at),
      closedAt: iso(r.closed_at),
    },
    ackDeadline: iso(r.ack_deadline),
  }
}

export function toTrackingView(i: Incident): TrackingView {
  return { trackingCode: i.trackingCode, category: i.category, status: i.status, kecamatan: i.area.kecamatan, times: i.times }
}

/** The columns a status change stamps. */
export const STATUS_TIME_COLUMN: Partial<Record<IncidentStatus, string>> = {
  assigned: 'assigned_at',
  acknowledged: 'acknowledged_at',
  en_route: 'en_route_at',
  on_scene: 'on_scene_at',
  transporting: 'transporting_at',
  handed_over: 'handed_over_at',
  closed: 'closed_at',
  cancelled: 'closed_at',
  duplicate: 'closed_at',
}

export const incidentsRepository = {
  async insert(q: Q, i: Incident, now: Date): Promise<Incident> {
    const [row] = await q`insert into incidents ${q({
      id: i.id,
      tracking_code: i.trackingCode,
      category: i.category,
      priority: i.priority,
      answers: q.json(i.answers),
      status: i.status,
      lon: i.location.lon,
      lat: i.location.lat,
      accuracy_m: i.location.accuracyM,
      location_source: i.locationSource,
      address: i.address,
      description: i.description,
      kecamatan_code: i.area.kecamatanCode,
      kecamatan: i.area.kecamatan,
      kelurahan_code: i.area.kelurahanCode,
      kelurahan: i.area.kelurahan,
      source: i.source,
      reporter_name: i.reporter?.name ?? null,
      reporter_phone: i.reporter?.phone ?? null,
      possible_duplicates: q.array(i.possibleDuplicates, 2950),
      reported_at: now,
      updated_at: now,
    } as never)} returning *`
    return toIncident(row!)
  },

  async get(q: Q, id: string, opts: { lock?: boolean } = {}): Promise<Incident | null> {
    const [row] = opts.lock
      ? await q`select * from incidents where id = ${id} for update`
      : await q`select * from incidents where id = ${id}`
    return row ? toIncident(row) : null
  },

  async getByTrackingCode(q: Q, code: string): Promise<Incident | null> {
    const [row] = await q`select * from incidents where tracking_code = ${code}`
    return row ? toIncident(row) : null
  },

  async list(q: Q, f: IncidentFilter): Promise<Incident[]> {
    const statuses = f.status?.flatMap((s) => (s === 'open' ? [...OPEN_STATUSES] : [s]))
    const rows = await q`
      select * from incidents where true
      ${statuses ? q`and status in ${q(statuses)}` : q``}
      ${f.category ? q`and category = ${f.category}` : q``}
      ${f.kecamatan ? q`and (kecamatan = ${f.kecamatan} or kecamatan_code = ${f.kecamatan})` : q``}
      ${f.from ? q`and reported_at >= ${new Date(f.from)}` : q``}
      ${f.to ? q`and reported_at < ${new Date(f.to)}` : q``}
      order by reported_at desc limit ${f.limit}`
    return rows.map(toIncident)
  },

  /** Updates the given columns (snake_case) and returns the new row. */
  async update(q: Q, id: string, fields: Record<string, unknown>, now: Date): Promise<Incident> {
    const [row] = await q`update incidents set ${q({ ...fields, updated_at: now } as never)} where id = ${id} returning *`
    return toIncident(row!)
  },

  /** Open incidents of the same category reported near a point within a time window. */
  async nearbyOpenSince(q: Q, category: string, since: Date, box: { minLon: number; minLat: number; maxLon: number; maxLat: number }) {
    const rows = await q`
      select * from incidents
      where category = ${category} and status in ${q([...OPEN_STATUSES])} and reported_at >= ${since}
        and lon between ${box.minLon} and ${box.maxLon} and lat between ${box.minLat} and ${box.maxLat}`
    return rows.map(toIncident)
  },

  /**
   * Waiting incidents, most urgent then oldest first, locked for this transaction; rows
   * another transaction holds are skipped rather than waited for (no deadlock with assign).
   */
  async lockQueued(q: Q, limit: number): Promise<Incident[]> {
    const rows = await q`
      select * from incidents where status = 'reported'
      order by case priority when 'critical' then 0 when 'high' then 1 else 2 end, reported_at
      limit ${limit} for update skip locked`
    return rows.map(toIncident)
  },

  async queued(q: Q): Promise<Incident[]> {
    const rows = await q`
      select * from incidents where status = 'reported'
      order by case priority when 'critical' then 0 when 'high' then 1 else 2 end, reported_at`
    return rows.map(toIncident)
  },

  /**
   * One page of the waiting queue, most urgent then oldest first (the same order as
   * lockQueued), starting after the keyset `after`. Ties on time are broken by id so no case is
   * skipped or repeated between pages.
   */
  async queuePage(q: Q, page: { limit: number; after?: { priority: Priority; reportedAt: string; id: string } }): Promise<Incident[]> {
    const rank = q`case priority when 'critical' then 0 when 'high' then 1 else 2 end`
    const a = page.after
    const rows = await q`
      select * from incidents where status = 'reported'
      ${a ? q`and (${rank}, reported_at, id) > (${PRIORITY_RANK[a.priority]}, ${new Date(a.reportedAt)}, ${a.id})` : q``}
      order by ${rank}, reported_at, id
      limit ${page.limit}`
    return rows.map(toIncident)
  },

  /** Open cases by status and priority. */
  async openCounts(q: Q): Promise<{ status: IncidentStatus; priority: Priority; n: number }[]> {
    const rows = await q`
      select status, priority, count(*)::int as n from incidents
      where status in ${q([...OPEN_STATUSES])} group by status, priority`
    return rows.map((r) => ({ status: r.status, priority: r.priority, n: r.n }))
  },
}
