import fs from 'node:fs'
import path from 'node:path'
import { z } from 'zod'
import { IntervalSchema } from '@shared/reports.js'
import { ShiftsSchema } from '@shared/roster.js'
import { DestinationKindSchema, RESIDENTIAL_KINDS } from '@shared/destinations.js'
import { INCIDENT_CATEGORIES } from '@shared/incidents.js'
import { STAY_OUTCOMES } from '@shared/stays.js'
import type { PpksCategory } from '@shared/people.js'
import type { Feature, FeatureCollection, MultiPolygon, Point as GeoPoint, Polygon } from 'geojson'

const LayerSchema = z.object({ file: z.string(), name: z.string(), code: z.string() })

/** The shape of a city's `city.json`: everything city-specific lives there, not in code. */
export const CityConfigSchema = z.object({
  name: z.string(),
  /** The rapid reaction team's public name, shown in the apps. */
  serviceName: z.string().default('TRC Dispatch'),
  timezone: z.string(),
  center: z.object({ lon: z.number(), lat: z.number() }),
  zoom: z.number().int().min(1).max(20),
  boundary: z.string(),
  kecamatan: LayerSchema,
  kelurahan: LayerSchema.extend({ kecamatanName: z.string(), kecamatanCode: z.string() }).optional(),
  facilities: z.string().optional(),
  /** Points people name a place by (markets, schools…), for the report page's place search. */
  landmarks: z.string().optional(),
  /** The national PPKS list (a CSV: no,name_id,name_en) and the default PPKS per incident category. */
  ppks: z.object({ file: z.string(), byCategory: z.partialRecord(z.enum(INCIDENT_CATEGORIES), z.array(z.number().int().min(1))).default({}) }).optional(),
  /**
   * The arrival estimate a facility sees for a team on its way: straight-line distance at this
   * average speed (Depok's traffic: 20 km/h as a first guess, to be checked against the log).
   */
  eta: z.object({ averageSpeedKmh: z.number().min(1).max(120) }).default({ averageSpeedKmh: 20 }),
  /** Stays at destinations that hold residents: the maximum days per kind (null: none), and how many days ahead to warn. */
  stays: z
    .object({
      maxDays: z.partialRecord(z.enum(RESIDENTIAL_KINDS), z.number().int().min(1).max(3650).nullable()).default({}),
      alertDaysBefore: z.number().int().min(0).max(30).default(1),
    })
    .default({ maxDays: {}, alertDaysBefore: 1 }),
  /**
   * How long a closed person record is kept identifiable (UU 27/2022 asks for a stated
   * period): after this many days without a pickup, an open stay or a change, the job clears
   * names, NIK, features and family details. Unset: records are kept.
   */
  retention: z.object({ anonymiseAfterDays: z.number().int().min(30).max(36_500) }).optional(),
  /**
   * Which destination kinds suit a category, best first (an elderly person: panti, then RPS,
   * before a hospital). Destinations are ranked by this, then by whether they have known room,
   * then by distance; kinds not listed come after the listed ones.
   */
  destinationFit: z.partialRecord(z.enum(INCIDENT_CATEGORIES), z.array(DestinationKindSchema)).default({}),
  /**
   * The city's rule for a person picked up again: after a stay that ended in one of
   * `afterOutcomes`, recommend a destination of `recommendKind` (staff may override with a reason).
   */
  returning: z.object({ afterOutcomes: z.array(z.enum(STAY_OUTCOMES)).min(1), recommendKind: z.enum(RESIDENTIAL_KINDS) }).optional(),
  attribution: z.array(z.string()),
  /** The city's targets for the report intervals, in seconds (shared/intervals.ts); the report shows the share within each. */
  intervalTargetsS: z.partialRecord(IntervalSchema, z.number().int().positive()).default({}),
  /**
   * The shifts of a day, each running from its start (local time) to the next one's: the duty
   * roster plans teams per shift and puts them on and off duty at each change (decision 013).
   */
  shifts: ShiftsSchema.default([{ id: 'hari', name: 'Hari', start: '00:00' }]),
  demo: z
    .object({
      teams: z.array(z.object({ callSign: z.string(), name: z.string(), base: z.string(), offDuty: z.boolean().optional() })),
      exampleDestinations: z.array(
        z.object({
          kind: DestinationKindSchema,
          name: z.string(),
          kecamatan: z.string(),
          capacity: z.number().int(),
          occupancy: z.number().int(),
          accepts: z.array(z.string()),
          openingHours: z.string().optional(),
        }),
      ),
    })
    .optional(),
})
export type CityConfig = z.infer<typeof CityConfigSchema>

export type Area = Feature<Polygon | MultiPolygon, Record<string, unknown>>

export interface CityData {
  dir: string
  config: CityConfig
  boundary: Area
  kecamatan: FeatureCollection<Polygon | MultiPolygon, Record<string, unknown>>
  kelurahan: FeatureCollection<Polygon | MultiPolygon, Record<string, unknown>> | null
  facilities: FeatureCollection<GeoPoint, Record<string, unknown>> | null
  landmarks: FeatureCollection<GeoPoint, Record<string, unknown>> | null
  /** The PPKS categories (empty when the city has none configured). */
  ppks: PpksCategory[]
}

/** Reads the PPKS list: a header `no,name_id,name_en`, then one category a line (names may be quoted). */
export function parsePpksCsv(text: string, file: string): PpksCategory[] {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '')
  if (lines[0]?.trim() !== 'no,name_id,name_en') throw new Error(`${file}: the first line must be no,name_id,name_en`)
  return lines.slice(1).map((line, i) => {
    const cells = [...line.matchAll(/("([^"]|"")*"|[^,]*)(,|$)/g)].map((m) => m[1]!.replace(/^"|"$/g, '').replace(/""/g, '"')).slice(0, 3)
    const no = Number(cells[0])
    if (!Number.isInteger(no) || !cells[1] || !cells[2]) throw new Error(`${file}: line ${i + 2} is not no,name_id,name_en`)
    return { no, nameId: cells[1], nameEn: cells[2] }
  })
}

function readJson(dir: string, file: string): unknown {
  return JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'))
}

/** Loads a city folder, failing with the file and field named when something is off. */
export function loadCity(dir: string): CityData {
  const parsed = CityConfigSchema.safeParse(readJson(dir, 'city.json'))
  if (!parsed.success) {
    throw new Error(`Invalid ${path.join(dir, 'city.json')}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`)
  }
  const config = parsed.data
  const boundaryFile = readJson(dir, config.boundary) as FeatureCollection<Polygon | MultiPolygon> | Area
  const boundary = ('features' in boundaryFile ? boundaryFile.features[0] : boundaryFile) as Area | undefined
  if (!boundary) throw new Error(`${config.boundary} has no boundary feature`)
  const ppks = config.ppks ? parsePpksCsv(fs.readFileSync(path.join(dir, config.ppks.file), 'utf8'), config.ppks.file) : []
  const known = new Set(ppks.map((p) => p.no))
  for (const [category, nos] of Object.entries(config.ppks?.byCategory ?? {})) {
    const unknown = nos.filter((n) => !known.has(n))
    if (unknown.length) throw new Error(`Invalid ${path.join(dir, 'city.json')}: ppks.byCategory.${category}: ${unknown.join(', ')} not in ${config.ppks!.file}`)
  }
  return {
    dir,
    config,
    ppks,
    boundary,
    kecamatan: readJson(dir, config.kecamatan.file) as CityData['kecamatan'],
    kelurahan: config.kelurahan ? (readJson(dir, config.kelurahan.file) as CityData['kelurahan']) : null,
    facilities: config.facilities ? (readJson(dir, config.facilities) as CityData['facilities']) : null,
    landmarks: config.landmarks ? (readJson(dir, config.landmarks) as CityData['landmarks']) : null,
  }
}
