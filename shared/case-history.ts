import { z } from 'zod'
import { DateRangeQuerySchema, InstantSchema } from './dates.js'
import { DispositionSchema, IncidentCategorySchema, IncidentSchema, IncidentStatusSchema, type Incident } from './incidents.js'
import { singleLineText } from './text.js'

/**
 * Finding any case again, open or closed (issue #10, item 3): filters over the whole history,
 * newest first, in pages linked by a cursor, so there is no cap on how far back one can go.
 */
export const CASE_HISTORY_PAGE_MAX = 200

/** `reportedAt,id` of the last case of the previous page (keyset paging: later reports do not shift pages). */
const CursorSchema = z
  .string()
  .max(200)
  .transform((v) => v.split(','))
  .pipe(z.tuple([InstantSchema, z.uuid()]))
  .transform(([reportedAt, id]) => ({ reportedAt, id }))

/** A comma-separated list in a query string (`status=closed,cancelled`). */
const listOf = <S extends z.ZodType<unknown, string>>(item: S) =>
  z
    .string()
    .max(500)
    .transform((s) => s.split(',').filter(Boolean))
    .pipe(z.array(item).min(1))

export const CaseHistoryQuerySchema = DateRangeQuerySchema.extend({
  /** The tracking code, whole or its start (as read over the phone); case does not matter. */
  code: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[0-9A-Z]{3,32}$/, 'letters and digits of a tracking code (at least 3)')
    .optional(),
  /** A kecamatan or kelurahan by name or Kemendagri code. */
  kecamatan: singleLineText({ min: 1, max: 100 }).optional(),
  kelurahan: singleLineText({ min: 1, max: 100 }).optional(),
  category: listOf(IncidentCategorySchema).optional(),
  status: listOf(IncidentStatusSchema).optional(),
  disposition: listOf(DispositionSchema).optional(),
  /** A team that was assigned the case at any time. */
  teamId: z.uuid().optional(),
  destinationId: z.uuid().optional(),
  /** Words that must all appear in the description (any case, any order). */
  text: singleLineText({ min: 2, max: 200 }).optional(),
  limit: z.coerce.number().int().min(1).max(CASE_HISTORY_PAGE_MAX).default(50),
  after: CursorSchema.optional(),
})
export type CaseHistoryQuery = z.infer<typeof CaseHistoryQuerySchema>

export const CaseHistoryPageSchema = z.object({
  items: z.array(IncidentSchema),
  /** The `after` for the next page; null on the last page. */
  next: z.string().nullable(),
})
export type CaseHistoryPage = z.infer<typeof CaseHistoryPageSchema>

export const caseHistoryCursorOf = (last: Pick<Incident, 'id'> & { times: { reportedAt: string } }) => `${last.times.reportedAt},${last.id}`
