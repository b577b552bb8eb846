import { simplify, truncate } from '@turf/turf'
import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson'
import type { Area, CityData } from './city.js'

/**
 * Douglas–Peucker tolerance for the outlines drawn on the maps: 0.00025° is about 28 m, under
 * a screen pixel at the zoom a city fits on a phone (zoom 12: ~38 m per pixel) and barely
 * visible at street zoom, where the tiles show the real edges anyway.
 */
export const DISPLAY_TOLERANCE_DEG = 0.00025
/** Five decimals of a degree are ~1.1 m: more digits only add bytes. */
export const DISPLAY_PRECISION = 5

export interface DisplayArea {
  boundary: Area
  kecamatan: FeatureCollection<Polygon | MultiPolygon, { name: string | null; code: string | null }>
}

/**
 * The service area as the apps draw it: outlines simplified and rounded (the Depok files are
 * 417 kB; this is ~44 kB), kecamatan properties cut to their name and code. Only for display:
 * whether a report is inside the area, and where, is decided on the exact polygons
 * (ServiceArea), so a point near the edge is never judged on the simplified line.
 */
export function displayArea(city: CityData): DisplayArea {
  const options = { tolerance: DISPLAY_TOLERANCE_DEG, highQuality: true, mutate: false }
  const round = <T extends object>(geo: T): T => truncate(geo as never, { precision: DISPLAY_PRECISION, coordinates: 2, mutate: true }) as T
  const boundary = round(simplify(city.boundary, options))
  const { name, code } = city.config.kecamatan
  const kecamatan: DisplayArea['kecamatan'] = {
    type: 'FeatureCollection',
    features: city.kecamatan.features.map((f) => {
      const props = f.properties ?? {}
      return { type: 'Feature', properties: { name: text(props[name]), code: text(props[code]) }, geometry: round(simplify(f.geometry, options)) }
    }),
  }
  return { boundary: { ...boundary, properties: {} }, kecamatan }
}

function text(v: unknown): string | null {
  return v === undefined || v === null ? null : String(v)
}
