import type { CaseHistoryQuery } from '@shared/case-history.js'
import type { Incident } from '@shared/incidents.js'
import type { Q } from '../db/transaction.js'
import { toIncident, type IncidentsRow } from '../incidents/incidents.repository.js'

/** `%` and `_` in a word are literal, not LIKE wildcards (backslash is Postgres's default escape). */
const likeWord = (w: string) => `%${w.replace(/[\\%_]/g, (c) => `\\${c}`)}%`

export const historyRepository = {
  /**
   * Cases matching every filter, newest first by (reported_at, id), after the cursor; at most
   * `limit` rows. The order has an index (incidents_history); the other filters narrow it.
   */
  async search(q: Q, f: CaseHistoryQuery, limit: number): Promise<Incident[]> {
    const words = f.text ? f.text.split(/\s+/).filter(Boolean).map(likeWord) : []
    const rows = await q<IncidentsRow[]>`
      select * from incidents i where true
      ${f.code ? q`and i.tracking_code like ${`${f.code}%`}` : q``}
      ${f.from ? q`and i.reported_at >= ${new Date(f.from)}` : q``}
      ${f.to ? q`and i.reported_at < ${new Date(f.to)}` : q``}
      ${f.kecamatan ? q`and (lower(i.kecamatan) = lower(${f.kecamatan}) or i.kecamatan_code = ${f.kecamatan})` : q``}
      ${f.kelurahan ? q`and (lower(i.kelurahan) = lower(${f.kelurahan}) or i.kelurahan_code = ${f.kelurahan})` : q``}
      ${f.category ? q`and i.category in ${q(f.category)}` : q``}
      ${f.status ? q`and i.status in ${q(f.status)}` : q``}
      ${f.disposition ? q`and i.disposition in ${q(f.disposition)}` : q``}
      ${f.teamId ? q`and exists (select 1 from assignments a where a.incident_id = i.id and a.team_id = ${f.teamId})` : q``}
      ${f.destinationId ? q`and i.destination_id = ${f.destinationId}` : q``}
      ${words.length ? q`and i.description ilike all (${q.array(words)}::text[])` : q``}
      ${f.after ? q`and (i.reported_at, i.id) < (${new Date(f.after.reportedAt)}, ${f.after.id})` : q``}
      order by i.reported_at desc, i.id desc
      limit ${limit}`
    return rows.map(toIncident)
  },
}
