import { z } from 'zod'
import { DestinationInputSchema, DestinationSchema, type DestinationInput } from './destinations.js'
import type { ErrorIssue } from './errors.js'

/**
 * Loading a list of destinations (a city's shelters, panti, puskesmas) from a spreadsheet or a
 * GIS export. The file is read on the server (CSV with papaparse, GeoJSON as JSON); each row
 * becomes a candidate that DestinationInputSchema checks, and every problem is reported with
 * its row and column, so the office can fix the file and send it again. Nothing is written
 * unless every row is valid.
 */
export const DESTINATION_IMPORT_FORMATS = ['csv', 'geojson'] as const
export const DestinationImportFormatSchema = z.enum(DESTINATION_IMPORT_FORMATS)
export type DestinationImportFormat = z.infer<typeof DestinationImportFormatSchema>

/** A city has dozens of destinations, not thousands: these bound one request. */
export const MAX_IMPORT_BYTES = 1_000_000
export const MAX_IMPORT_ROWS = 2_000

/**
 * The CSV header, in this order when the app writes a template. Column names are matched
 * without regard to case or surrounding spaces; `lon`/`lat` may also be `longitude`/`latitude`.
 * GeoJSON features carry the same names as properties, the point as their geometry.
 */
export const DESTINATION_CSV_COLUMNS = ['name', 'kind', 'lon', 'lat', 'address', 'capacity', 'occupancy', 'accepts', 'opening_hours', 'contact', 'source'] as const

export const DestinationImportRequestSchema = z.object({
  format: DestinationImportFormatSchema,
  /** The file's text. */
  content: z.string().min(1, 'the file is empty').max(MAX_IMPORT_BYTES),
  /** Check every row and return what would be created, without writing anything. */
  dryRun: z.boolean().default(false),
})
export type DestinationImportRequest = z.infer<typeof DestinationImportRequestSchema>

export const DestinationImportResultSchema = z.object({
  dryRun: z.boolean(),
  count: z.number().int(),
  /** The created destinations; with `dryRun`, the checked rows (without ids). */
  destinations: z.array(z.union([DestinationSchema, DestinationInputSchema])),
})
export type DestinationImportResult = z.infer<typeof DestinationImportResultSchema>

type Cell = unknown

/** A spreadsheet's number: empty is missing, a decimal comma is accepted ("106,81"). */
function num(v: Cell): unknown {
  if (v === null || v === undefined) return undefined
  if (typeof v === 'number') return v
  const s = String(v).trim()
  if (s === '') return undefined
  const n = Number(/^-?\d+,\d+$/.test(s) ? s.replace(',', '.') : s)
  return Number.isNaN(n) ? s : n
}

/** Optional text: an empty cell is absent. */
function text(v: Cell): unknown {
  if (v === null || v === undefined) return undefined
  const s = typeof v === 'string' ? v.trim() : v
  return s === '' ? undefined : s
}

/** A code such as a kind or a category: spreadsheets often capitalise it ("Shelter"). */
function code(v: Cell): unknown {
  const s = text(v)
  return typeof s === 'string' ? s.toLowerCase() : s
}

/** Categories as a list, or in one cell separated by `;`, `|` or `,`. */
function list(v: Cell): unknown {
  if (Array.isArray(v)) return v.map(code)
  const s = text(v)
  if (typeof s !== 'string') return s
  return s
    .split(/[;|,]/)
    .map((x) => x.trim().toLowerCase())
    .filter(Boolean)
}

/** Where a schema field comes from in the file (for error messages that name the column). */
const COLUMN_OF: Record<string, string> = { 'location.lon': 'lon', 'location.lat': 'lat', location: 'lon', openingHours: 'opening_hours' }

/** One record's cells (lower-case column names) → a candidate for DestinationInputSchema. */
export function candidateOf(cells: Record<string, Cell>, point?: { lon: unknown; lat: unknown }): Record<string, unknown> {
  const capacity = num(cells.capacity)
  return {
    name: text(cells.name),
    kind: code(cells.kind),
    location: point ?? { lon: num(cells.lon ?? cells.longitude ?? cells.lng), lat: num(cells.lat ?? cells.latitude) },
    address: text(cells.address),
    // An empty capacity means "not tracked" (a family home).
    capacity: capacity === undefined ? null : capacity,
    occupancy: num(cells.occupancy),
    accepts: list(cells.accepts),
    openingHours: text(cells.opening_hours ?? cells.openinghours ?? cells.hours),
    contact: text(cells.contact),
    source: text(cells.source),
    isExample: false,
  }
}

/**
 * Checks every candidate; returns the valid inputs, or every problem at once. `where(i)` names
 * record i in the file (e.g. `rows.3` for the third line of a CSV, `features.0`).
 */
export function checkCandidates(candidates: Record<string, unknown>[], where: (i: number) => string): { ok: true; inputs: DestinationInput[] } | { ok: false; issues: ErrorIssue[] } {
  const inputs: DestinationInput[] = []
  const issues: ErrorIssue[] = []
  candidates.forEach((c, i) => {
    const parsed = DestinationInputSchema.safeParse(c)
    if (parsed.success) {
      inputs.push(parsed.data)
      return
    }
    for (const issue of parsed.error.issues) {
      const field = issue.path.map(String).join('.')
      issues.push({ path: `${where(i)}.${COLUMN_OF[field] ?? field}`, message: issue.message })
    }
  })
  return issues.length ? { ok: false, issues } : { ok: true, inputs }
}
