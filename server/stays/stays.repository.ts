import type { Actor } from '@shared/events.js'
import type { CheckOut, StayOutcome, StayOutcomeDetails } from '@shared/stays.js'
import type { Q } from '../db/transaction.js'

/** A row of `stays` as the driver returns it. */
interface StaysRow {
  id: string
  person_id: string
  destination_id: string
  handover_id: string | null
  checked_in_at: Date
  checked_out_at: Date | null
  outcome: StayOutcome | null
  outcome_details: StayOutcomeDetails | null
  override_capacity: boolean
  due_soon_alerted_at: Date | null
  overdue_alerted_at: Date | null
}

/** A stay as stored; the service adds days stayed and alerts, which depend on the clock and the city. */
export interface StayRow {
  id: string
  personId: string
  destinationId: string
  handoverId: string | null
  checkedInAt: Date
  checkedOutAt: Date | null
  outcome: StayOutcome | null
  outcomeDetails: StayOutcomeDetails | null
  overrideCapacity: boolean
  dueSoonAlertedAt: Date | null
  overdueAlertedAt: Date | null
}

const toStay = (r: StaysRow): StayRow => ({
  id: r.id,
  personId: r.person_id,
  destinationId: r.destination_id,
  handoverId: r.handover_id,
  checkedInAt: new Date(r.checked_in_at),
  checkedOutAt: r.checked_out_at ? new Date(r.checked_out_at) : null,
  outcome: r.outcome,
  outcomeDetails: r.outcome_details,
  overrideCapacity: r.override_capacity,
  dueSoonAlertedAt: r.due_soon_alerted_at ? new Date(r.due_soon_alerted_at) : null,
  overdueAlertedAt: r.overdue_alerted_at ? new Date(r.overdue_alerted_at) : null,
})

export const staysRepository = {
  async open(q: Q, s: { id: string; personId: string; destinationId: string; handoverId: string | null; checkedInAt: Date; overrideCapacity: boolean }, now: Date): Promise<StayRow> {
    const [row] = await q<StaysRow[]>`insert into stays (id, person_id, destination_id, handover_id, checked_in_at, override_capacity, created_at)
      values (${s.id}, ${s.personId}, ${s.destinationId}, ${s.handoverId}, ${s.checkedInAt}, ${s.overrideCapacity}, ${now}) returning *`
    return toStay(row!)
  },
  /** Ends the stay at `at` with the check-out form: its outcome, and the rest kept as its details. */
  async close(q: Q, id: string, checkOut: CheckOut, at: Date): Promise<StayRow> {
    const { outcome, ...details } = checkOut
    const [row] = await q<StaysRow[]>`update stays set checked_out_at = ${at}, outcome = ${outcome}, outcome_details = ${q.json(details as never)}
      where id = ${id} and checked_out_at is null returning *`
    return toStay(row!)
  },
  async get(q: Q, id: string, opts: { lock?: boolean } = {}): Promise<StayRow | null> {
    const [row] = opts.lock ? await q<StaysRow[]>`select * from stays where id = ${id} for update` : await q<StaysRow[]>`select * from stays where id = ${id}`
    return row ? toStay(row) : null
  },
  async openForPerson(q: Q, personId: string): Promise<StayRow | null> {
    const [row] = await q<StaysRow[]>`select * from stays where person_id = ${personId} and checked_out_at is null`
    return row ? toStay(row) : null
  },
  async forPerson(q: Q, personId: string): Promise<StayRow[]> {
    return (await q<StaysRow[]>`select * from stays where person_id = ${personId} order by checked_in_at desc, (checked_out_at is null) desc, checked_out_at desc`).map(toStay)
  },
  async forDestination(q: Q, destinationId: string, opts: { open: boolean }): Promise<StayRow[]> {
    const rows = opts.open
      ? await q<StaysRow[]>`select * from stays where destination_id = ${destinationId} and checked_out_at is null order by checked_in_at`
      : await q<StaysRow[]>`select * from stays where destination_id = ${destinationId} order by checked_in_at desc limit 500`
    return rows.map(toStay)
  },
  /** Open stays at destinations of these kinds checked in before `before` and not yet alerted for `alert`. */
  async dueForAlert(q: Q, destinationKind: string, before: Date, alert: 'due_soon' | 'overdue'): Promise<StayRow[]> {
    const rows = await q<StaysRow[]>`select s.* from stays s join destinations d on d.id = s.destination_id
      where s.checked_out_at is null and d.kind = ${destinationKind} and s.checked_in_at <= ${before}
        and ${alert === 'due_soon' ? q`s.due_soon_alerted_at is null` : q`s.overdue_alerted_at is null`}
      order by s.checked_in_at limit 500`
    return rows.map(toStay)
  },
  /** Open stays at destinations of this kind checked in before `before`, with where and who (the console's alert list). */
  async openSince(q: Q, destinationKind: string, before: Date): Promise<Array<StayRow & { destinationName: string; personName: string | null; incidentId: string | null }>> {
    const rows = await q<
      Array<StaysRow & { destination_name: string; person_name: string | null; incident_id: string | null }>
    >`select s.*, d.name as destination_name, p.name as person_name, h.incident_id
      from stays s join destinations d on d.id = s.destination_id join people p on p.id = s.person_id left join handovers h on h.id = s.handover_id
      where s.checked_out_at is null and d.kind = ${destinationKind} and s.checked_in_at <= ${before}
      order by s.checked_in_at limit 500`
    return rows.map((r) => ({ ...toStay(r), destinationName: r.destination_name, personName: r.person_name, incidentId: r.incident_id }))
  },
  /** Marks the alert sent, once: false when another process marked it first. */
  async markAlerted(q: Q, id: string, alert: 'due_soon' | 'overdue', at: Date): Promise<boolean> {
    const rows =
      alert === 'due_soon'
        ? await q`update stays set due_soon_alerted_at = ${at} where id = ${id} and due_soon_alerted_at is null and checked_out_at is null returning id`
        : await q`update stays set overdue_alerted_at = ${at} where id = ${id} and overdue_alerted_at is null and checked_out_at is null returning id`
    return rows.length > 0
  },
  /** Open stays per destination and stays ended per outcome: counts only, for every role with stay.counts. */
  async counts(q: Q, destinationId: string | null): Promise<{ open: Array<{ destinationId: string; n: number }>; outcomes: Array<{ outcome: string; n: number }> }> {
    const open = await q`select destination_id, count(*)::int as n from stays where checked_out_at is null
      ${destinationId ? q`and destination_id = ${destinationId}` : q``} group by destination_id`
    const outcomes = await q`select outcome, count(*)::int as n from stays where checked_out_at is not null
      ${destinationId ? q`and destination_id = ${destinationId}` : q``} group by outcome order by outcome`
    return { open: open.map((r) => ({ destinationId: r.destination_id, n: r.n })), outcomes: outcomes.map((r) => ({ outcome: r.outcome, n: r.n })) }
  },
}

/** The signed release agreement's file, stored beside the stay (one per stay; a new upload replaces it). */
export const agreementsRepository = {
  async put(q: Q, a: { stayId: string; contentType: string; bytes: Uint8Array; uploadedAt: Date; uploadedBy: Actor }): Promise<void> {
    await q`insert into stay_agreements (stay_id, content_type, bytes, size, uploaded_at, uploaded_by)
      values (${a.stayId}, ${a.contentType}, ${Buffer.from(a.bytes)}, ${a.bytes.length}, ${a.uploadedAt}, ${q.json(a.uploadedBy as never)})
      on conflict (stay_id) do update set content_type = excluded.content_type, bytes = excluded.bytes, size = excluded.size,
        uploaded_at = excluded.uploaded_at, uploaded_by = excluded.uploaded_by`
    // Shown on the stay: what was uploaded and when (not the file).
    await q`update stays set outcome_details = coalesce(outcome_details, '{}'::jsonb)
      || jsonb_build_object('agreement', jsonb_build_object('contentType', ${a.contentType}::text, 'size', ${a.bytes.length}::int, 'uploadedAt', ${a.uploadedAt.toISOString()}::text))
      where id = ${a.stayId}`
  },
  async get(q: Q, stayId: string): Promise<{ contentType: string; bytes: Uint8Array } | null> {
    const [row] = await q`select content_type, bytes from stay_agreements where stay_id = ${stayId}`
    return row ? { contentType: row.content_type, bytes: row.bytes } : null
  },
}

/** A row of a facility's incoming list (see StaysService.incoming). */
export interface IncomingRow {
  incidentId: string
  category: string
  priority: string
  status: string
  description: string
  transportingAt: Date | null
  team: { id: string; callSign: string; position: { lon: number; lat: number; receivedAt: string } | null } | null
  handover: { id: string; handedOverAt: string; personId: string | null; personName: string | null; condition: string | null; receiptConfirmedAt: string | null } | null
}

export const incomingRepository = {
  /** Cases headed to the destination, and those handed over there since `since` that it has not signed off. */
  async list(q: Q, destinationId: string, since: Date): Promise<IncomingRow[]> {
    const rows = await q`
      select i.id, i.category, i.priority, i.status, i.description, i.transporting_at,
        t.id as team_id, t.call_sign, t.lon, t.lat, t.position_received_at,
        h.id as handover_id, h.handed_over_at, h.person_id, h.person->>'name' as person_name, h.person->>'condition' as condition, h.receipt_confirmed_at
      from incidents i
      left join teams t on t.id = i.team_id
      left join handovers h on h.incident_id = i.id
      where i.destination_id = ${destinationId}
        and (i.status = 'transporting' or (h.destination_id = ${destinationId} and h.receipt_confirmed_at is null and h.handed_over_at >= ${since}))
      order by coalesce(h.handed_over_at, i.transporting_at) limit 200`
    return rows.map((r) => ({
      incidentId: r.id,
      category: r.category,
      priority: r.priority,
      status: r.status,
      description: r.description,
      transportingAt: r.transporting_at ? new Date(r.transporting_at) : null,
      team: r.team_id ? { id: r.team_id, callSign: r.call_sign, position: r.lon === null ? null : { lon: r.lon, lat: r.lat, receivedAt: new Date(r.position_received_at).toISOString() } } : null,
      handover: r.handover_id
        ? {
            id: r.handover_id,
            handedOverAt: new Date(r.handed_over_at).toISOString(),
            personId: r.person_id,
            personName: r.person_name,
            condition: r.condition,
            receiptConfirmedAt: r.receipt_confirmed_at ? new Date(r.receipt_confirmed_at).toISOString() : null,
          }
        : null,
    }))
  },
}

/** A case being taken to a facility by a team, with where the facility is. */
export interface TransportingRow {
  incidentId: string
  teamId: string
  destinationId: string
  destination: { lon: number; lat: number }
}

export const transportingRepository = {
  /** The cases these teams are transporting to a destination now (one statement per position batch). */
  async forTeams(q: Q, teamIds: string[]): Promise<TransportingRow[]> {
    if (teamIds.length === 0) return []
    const rows = await q`
      select i.id, i.team_id, i.destination_id, d.lon, d.lat
      from incidents i join destinations d on d.id = i.destination_id
      where i.status = 'transporting' and i.team_id = any(${q.array(teamIds)}::uuid[])`
    return rows.map((r) => ({ incidentId: r.id, teamId: r.team_id, destinationId: r.destination_id, destination: { lon: r.lon, lat: r.lat } }))
  },
}

export const occupancyRepository = {
  async adjust(q: Q, destinationId: string, delta: number, reason: string, actor: Actor, at: Date): Promise<void> {
    await q`insert into occupancy_adjustments (destination_id, delta, reason, actor, at) values (${destinationId}, ${delta}, ${reason}, ${q.json(actor as never)}, ${at})`
  },
  /**
   * Sets the stored occupancy to the open stays plus the adjustments, counted now. The caller
   * holds the destination's row lock, so this statement's snapshot (taken after the lock was
   * granted) sees every stay committed by whoever held the lock before: exact across processes.
   */
  async recount(q: Q, destinationId: string, now: Date): Promise<number> {
    const [row] = await q`update destinations set updated_at = ${now}, occupancy =
        (select count(*) from stays where destination_id = ${destinationId} and checked_out_at is null)
        + coalesce((select sum(delta) from occupancy_adjustments where destination_id = ${destinationId}), 0)
      where id = ${destinationId} returning occupancy`
    return row!.occupancy as number
  },
}
