import Papa from 'papaparse'
import { candidateOf, checkCandidates, MAX_IMPORT_ROWS, type DestinationImportFormat } from '@shared/destination-import.js'
import type { DestinationInput } from '@shared/destinations.js'
import type { ErrorIssue } from '@shared/errors.js'
import { AppError } from '../errors.js'

/**
 * Reads a list of destinations from a file's text: every row valid, or a 400 naming each bad
 * row and column (shared/destination-import.ts). Pure: the service writes the rows.
 */
export function readDestinationList(format: DestinationImportFormat, content: string): DestinationInput[] {
  const { candidates, where, issues } = format === 'csv' ? fromCsv(content) : fromGeoJson(content)
  if (issues.length) throw invalid(issues)
  if (candidates.length === 0) throw invalid([{ path: 'content', message: 'the file has no rows' }])
  if (candidates.length > MAX_IMPORT_ROWS) throw invalid([{ path: 'content', message: `at most ${MAX_IMPORT_ROWS} rows in one import` }])
  const checked = checkCandidates(candidates, where)
  if (!checked.ok) throw invalid(checked.issues)
  return checked.inputs
}

function invalid(issues: ErrorIssue[]): AppError {
  const shown = issues.slice(0, 5).map((i) => `${i.path}: ${i.message}`)
  const more = issues.length > shown.length ? ` (and ${issues.length - shown.length} more)` : ''
  return new AppError('validation_failed', `The list was not imported: ${shown.join('; ')}${more}`, issues)
}

type Parsed = { candidates: Record<string, unknown>[]; where: (i: number) => string; issues: ErrorIssue[] }

/**
 * A CSV with a header row. Rows are named by their line in the file as a spreadsheet numbers
 * them (the header is row 1, the first destination row 2), so `rows.3.capacity` is cell
 * "capacity" of spreadsheet row 3.
 */
function fromCsv(content: string): Parsed {
  const text = content.replace(/^\uFEFF/, '') // Excel writes a byte-order mark
  const result = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: 'greedy', transformHeader: (h) => h.trim().toLowerCase() })
  const issues: ErrorIssue[] = []
  const fields = result.meta.fields ?? []
  for (const required of ['name', 'kind']) if (!fields.includes(required)) issues.push({ path: `columns.${required}`, message: 'missing column' })
  if (!fields.some((f) => ['lon', 'longitude', 'lng'].includes(f)) || !fields.some((f) => ['lat', 'latitude'].includes(f))) {
    issues.push({ path: 'columns.lon', message: 'the lon and lat columns are required' })
  }
  // A row with too many or too few cells would shift values into the wrong columns.
  for (const e of result.errors) if (e.row !== undefined) issues.push({ path: `rows.${e.row + 2}`, message: e.message })
  return { candidates: result.data.map((r) => candidateOf(r)), where: (i) => `rows.${i + 2}`, issues }
}

/** A GeoJSON FeatureCollection of Points; features are named by their index in `features`. */
function fromGeoJson(content: string): Parsed {
  let doc: unknown
  try {
    doc = JSON.parse(content)
  } catch {
    return { candidates: [], where: String, issues: [{ path: 'content', message: 'not valid JSON' }] }
  }
  const features = (doc as { type?: unknown; features?: unknown } | null)?.features
  if ((doc as { type?: unknown } | null)?.type !== 'FeatureCollection' || !Array.isArray(features)) {
    return { candidates: [], where: String, issues: [{ path: 'content', message: 'must be a GeoJSON FeatureCollection' }] }
  }
  const issues: ErrorIssue[] = []
  const candidates = features.map((f: unknown, i) => {
    const feature = (f ?? {}) as { geometry?: { type?: unknown; coordinates?: unknown }; properties?: Record<string, unknown> | null }
    const coords = feature.geometry?.type === 'Point' && Array.isArray(feature.geometry.coordinates) ? feature.geometry.coordinates : null
    if (!coords) issues.push({ path: `features.${i}.geometry`, message: 'must be a Point' })
    const props = Object.fromEntries(Object.entries(feature.properties ?? {}).map(([k, v]) => [k.trim().toLowerCase(), v]))
    return candidateOf(props, { lon: coords?.[0], lat: coords?.[1] })
  })
  return { candidates, where: (i) => `features.${i}`, issues }
}
