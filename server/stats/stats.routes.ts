import { Hono } from 'hono'
import { z } from 'zod'
import { DateRangeQuerySchema } from '../../shared/dates.js'
import { PERMISSIONS } from '../auth/policy.js'
import type { Database } from '../db/database.js'
import { allow, type IdentityEnv } from '../http/identity.js'
import type { ApiDocs } from '../http/openapi.js'
import { query } from '../http/validate.js'

const StatsQuery = DateRangeQuerySchema.required()

const Interval = z.number().nullable()
export const KecamatanStatsSchema = z.object({
  kecamatan: z.string().nullable(),
  reported: z.number(),
  handedOver: z.number(),
  notFound: z.number(),
  cancelled: z.number(),
  byCategory: z.record(z.string(), z.number()),
  medianProcessingS: Interval,
  medianTurnoutS: Interval,
  medianTravelS: Interval,
  medianResponseS: Interval,
  medianTotalS: Interval,
})

/**
 * Counts and median intervals per kecamatan for a period: the numbers the city's budget
 * discussion asks for. No personal data, so viewers may read it.
 */
export function statsRoutes(db: Database, docs: ApiDocs) {
  docs.describe({ method: 'get', path: '/api/stats', tag: 'Reports', summary: 'Incidents, outcomes and median response intervals per kecamatan', roles: [...PERMISSIONS['stats.read']], query: StatsQuery, response: z.array(KecamatanStatsSchema) })
  const secs = (a: string, b: string) => db.sql.unsafe(`percentile_cont(0.5) within group (order by extract(epoch from (${b} - ${a})))`)
  return new Hono<IdentityEnv>().get('/', allow('stats.read'), async (c) => {
    const q = query(c, StatsQuery)
    const sql = db.sql
    const rows = await sql`
      select kecamatan,
        count(*)::int as reported,
        count(*) filter (where handed_over_at is not null)::int as handed_over,
        count(*) filter (where status = 'not_found' or disposition = 'not_found')::int as not_found,
        count(*) filter (where status = 'cancelled')::int as cancelled,
        ${secs('reported_at', 'assigned_at')} as processing,
        ${secs('assigned_at', 'en_route_at')} as turnout,
        ${secs('en_route_at', 'on_scene_at')} as travel,
        ${secs('reported_at', 'on_scene_at')} as response,
        ${secs('reported_at', 'closed_at')} as total
      from incidents
      where reported_at >= ${new Date(q.from)} and reported_at < ${new Date(q.to)} and status <> 'duplicate'
      group by kecamatan order by kecamatan nulls last`
    const cats = await sql`
      select kecamatan, category, count(*)::int as n from incidents
      where reported_at >= ${new Date(q.from)} and reported_at < ${new Date(q.to)} and status <> 'duplicate'
      group by kecamatan, category`
    const round = (v: unknown) => (v === null || v === undefined ? null : Math.round(Number(v)))
    return c.json(
      rows.map((r) => ({
        kecamatan: r.kecamatan,
        reported: r.reported,
        handedOver: r.handed_over,
        notFound: r.not_found,
        cancelled: r.cancelled,
        byCategory: Object.fromEntries(cats.filter((x) => x.kecamatan === r.kecamatan).map((x) => [x.category, x.n])),
        medianProcessingS: round(r.processing),
        medianTurnoutS: round(r.turnout),
        medianTravelS: round(r.travel),
        medianResponseS: round(r.response),
        medianTotalS: round(r.total),
      })),
    )
  })
}
