import { pointOnFeature } from '@turf/turf'
import type { Feature, FeatureCollection, Point as GeoPoint } from 'geojson'
import type { Place } from '@shared/places.js'
import type { Area, CityData } from './city.js'

/** Five decimals (~1 m) are plenty for "show me this place on the map". */
const round = (x: number) => Math.round(x * 1e5) / 1e5

function str(v: unknown): string | null {
  return v === undefined || v === null || v === '' ? null : String(v)
}

/**
 * Every place of the city a reporter can look up by name: kelurahan and kecamatan (at a
 * point inside each, not a centroid that may fall outside an odd shape), facilities and
 * landmarks. Built from the city folder, so another city brings its own names. Small enough
 * (~20 kB, ~4 kB compressed) for the report page to search it on the phone, offline.
 */
export function cityPlaces(city: CityData): Place[] {
  const cfg = city.config
  const areaPlace = (f: Area, kind: 'kelurahan' | 'kecamatan'): Place | null => {
    const props = f.properties ?? {}
    const name = str(props[kind === 'kelurahan' ? cfg.kelurahan!.name : cfg.kecamatan.name])
    if (!name) return null
    const [lon, lat] = pointOnFeature(f).geometry.coordinates as [number, number]
    return {
      name,
      kind,
      subkind: null,
      kelurahan: kind === 'kelurahan' ? name : null,
      kecamatan: kind === 'kelurahan' ? str(props[cfg.kelurahan!.kecamatanName]) : name,
      lon: round(lon),
      lat: round(lat),
    }
  }
  const pointPlaces = (fc: FeatureCollection<GeoPoint, Record<string, unknown>> | null, kind: 'facility' | 'landmark'): Place[] =>
    (fc?.features ?? []).flatMap((f: Feature<GeoPoint, Record<string, unknown>>) => {
      const p = f.properties ?? {}
      const name = str(p.name)
      const [lon, lat] = f.geometry.coordinates as [number, number]
      return name ? [{ name, kind, subkind: str(p.subkind) ?? str(p.kind), kelurahan: str(p.kelurahan), kecamatan: str(p.kecamatan), lon: round(lon), lat: round(lat) }] : []
    })
  return [
    ...pointPlaces(city.landmarks, 'landmark'),
    ...pointPlaces(city.facilities, 'facility'),
    ...(cfg.kelurahan && city.kelurahan ? city.kelurahan.features.map((f) => areaPlace(f as Area, 'kelurahan')) : []),
    ...city.kecamatan.features.map((f) => areaPlace(f as Area, 'kecamatan')),
  ].filter((p): p is Place => p !== null)
}
