import type { Actor } from '@shared/events.js'
import type { Handover, HandoverInput } from '@shared/handovers.js'
import type { Q } from '../db/transaction.js'

/** A row of `handovers` as the driver returns it. */
interface HandoversRow {
  id: string
  incident_id: string
  team_id: string
  destination_id: string
  person: Handover['person']
  received_by: string
  handed_over_at: Date
  notes: string | null
  override_capacity: boolean
  created_at: Date
  person_id: string | null
  rule_override_reason: string | null
  receipt_confirmed_at: Date | null
}

export function toHandover(r: HandoversRow): Handover {
  return {
    id: r.id,
    incidentId: r.incident_id,
    teamId: r.team_id,
    destinationId: r.destination_id,
    person: r.person,
    receivedBy: r.received_by,
    handedOverAt: new Date(r.handed_over_at).toISOString(),
    notes: r.notes,
    overrideCapacity: r.override_capacity,
    createdAt: new Date(r.created_at).toISOString(),
    personId: r.person_id ?? null,
    ruleOverrideReason: r.rule_override_reason ?? null,
    receiptConfirmedAt: r.receipt_confirmed_at ? new Date(r.receipt_confirmed_at).toISOString() : null,
  }
}

export const handoversRepository = {
  async insert(q: Q, id: string, h: HandoverInput, personId: string, handedOverAt: Date, now: Date): Promise<Handover> {
    const [row] = await q<HandoversRow[]>`insert into handovers ${q({
      id,
      incident_id: h.incidentId,
      team_id: h.teamId,
      destination_id: h.destinationId,
      person: q.json(h.person as never),
      received_by: h.receivedBy,
      handed_over_at: handedOverAt,
      notes: h.notes ?? null,
      override_capacity: h.overrideCapacity,
      person_id: personId,
      rule_override_reason: h.ruleOverrideReason ?? null,
      created_at: now,
    } as never)} returning *`
    return toHandover(row!)
  },
  async get(q: Q, id: string): Promise<Handover | null> {
    const [row] = await q<HandoversRow[]>`select * from handovers where id = ${id}`
    return row ? toHandover(row) : null
  },
  async forIncident(q: Q, incidentId: string): Promise<Handover | null> {
    const [row] = await q<HandoversRow[]>`select * from handovers where incident_id = ${incidentId}`
    return row ? toHandover(row) : null
  },
  async confirmReceipt(q: Q, id: string, by: Actor, at: Date): Promise<Handover | null> {
    const [row] = await q<HandoversRow[]>`update handovers set receipt_confirmed_at = ${at}, receipt_confirmed_by = ${q.json(by as never)}
      where id = ${id} and receipt_confirmed_at is null returning *`
    return row ? toHandover(row) : null
  },
  async list(q: Q, opts: { from?: Date; to?: Date; destinationId?: string }): Promise<Handover[]> {
    const rows = await q<HandoversRow[]>`select * from handovers where true
      ${opts.from ? q`and handed_over_at >= ${opts.from}` : q``}
      ${opts.to ? q`and handed_over_at < ${opts.to}` : q``}
      ${opts.destinationId ? q`and destination_id = ${opts.destinationId}` : q``}
      order by handed_over_at desc limit 1000`
    return rows.map(toHandover)
  },
}
