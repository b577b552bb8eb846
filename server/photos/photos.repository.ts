import type { PhotoMeta } from '@shared/photos.js'
import type { Q, Tx } from '../db/transaction.js'

/** A row of `photos` without its bytes, as the driver returns it. */
interface PhotoMetaRow {
  id: string
  incident_id: string
  content_type: string
  size: number
  created_at: Date
}

const toMeta = (r: PhotoMetaRow): PhotoMeta => ({ id: r.id, incidentId: r.incident_id, contentType: r.content_type, size: r.size, createdAt: new Date(r.created_at).toISOString() })

export const photosRepository = {
  /**
   * Inserts a photo unless the report already has `max`. The report's row is locked first, so
   * concurrent uploads to one report queue here and each counts the ones committed before it
   * (a count without the lock lets every concurrent upload see the same, too low, number).
   * Returns null when the report is missing, 'full' when it has `max` photos.
   */
  async insertWithinLimit(tx: Tx, p: { id: string; incidentId: string; contentType: string; bytes: Uint8Array; createdAt: Date }, max: number): Promise<PhotoMeta | 'full' | null> {
    const [incident] = await tx`select id from incidents where id = ${p.incidentId} for update`
    if (!incident) return null
    const [{ n }] = (await tx`select count(*)::int as n from photos where incident_id = ${p.incidentId}`) as unknown as [{ n: number }]
    if (n >= max) return 'full'
    const [row] = await tx<PhotoMetaRow[]>`insert into photos (id, incident_id, content_type, bytes, size, created_at)
      values (${p.id}, ${p.incidentId}, ${p.contentType}, ${Buffer.from(p.bytes)}, ${p.bytes.length}, ${p.createdAt})
      returning id, incident_id, content_type, size, created_at`
    return toMeta(row!)
  },
  async list(q: Q, incidentId: string): Promise<PhotoMeta[]> {
    const rows = await q<PhotoMetaRow[]>`select id, incident_id, content_type, size, created_at from photos where incident_id = ${incidentId} order by created_at, id`
    return rows.map(toMeta)
  },
  async get(q: Q, id: string): Promise<{ incidentId: string; contentType: string; bytes: Uint8Array } | null> {
    const [row] = await q<Array<{ incident_id: string; content_type: string; bytes: Uint8Array }>>`select incident_id, content_type, bytes from photos where id = ${id}`
    return row ? { incidentId: row.incident_id, contentType: row.content_type, bytes: row.bytes } : null
  },
}
