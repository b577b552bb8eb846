import fs from 'node:fs'
import path from 'node:path'
import { z } from 'zod'
import { IntervalSchema } from '../../shared/reports.js'
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
  attribution: z.array(z.string()),
  /** The city's targets for the report intervals, in seconds (shared/intervals.ts); the report shows the share within each. */
  intervalTargetsS: z.partialRecord(IntervalSchema, z.number().int().positive()).default({}),
  demo: z
    .object({
      teams: z.array(
        z.object({ callSign: z.string(), name: z.string(), base: z.string(), offDuty: z.boolean().optional() }),
      ),
      exampleDestinations: z.array(
        z.object({
          kind: z.enum(['rps', 'shelter', 'panti', 'hospital', 'puskesmas', 'family']),
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
  return {
    dir,
    config,
    boundary,
    kecamatan: readJson(dir, config.kecamatan.file) as CityData['kecamatan'],
    kelurahan: config.kelurahan ? (readJson(dir, config.kelurahan.file) as CityData['kelurahan']) : null,
    facilities: config.facilities ? (readJson(dir, config.facilities) as CityData['facilities']) : null,
    landmarks: config.landmarks ? (readJson(dir, config.landmarks) as CityData['landmarks']) : null,
  }
}
