import { bbox, booleanPointInPolygon, point } from '@turf/turf'
import type { AreaLabel, Point } from '@shared/geo.js'
import type { Area, CityData } from './city.js'

type Indexed = { feature: Area; box: [number, number, number, number] }

function index(features: Area[]): Indexed[] {
  return features.map((feature) => ({ feature, box: bbox(feature) as [number, number, number, number] }))
}

function inBox(b: [number, number, number, number], p: Point): boolean {
  return p.lon >= b[0] && p.lon <= b[2] && p.lat >= b[1] && p.lat <= b[3]
}

/**
 * Answers "is this point in the service area, and in which kecamatan / kelurahan?".
 * A bounding-box test skips most polygons; on a shared edge the first match wins
 * (SOURCES.md notes the polygons tile the city without overlaps).
 */
export class ServiceArea {
  private readonly boundary: Indexed
  private readonly kecamatan: Indexed[]
  private readonly kelurahan: Indexed[]

  constructor(private readonly city: CityData) {
    this.boundary = index([city.boundary])[0]!
    this.kecamatan = index(city.kecamatan.features as Area[])
    this.kelurahan = city.kelurahan ? index(city.kelurahan.features as Area[]) : []
  }

  contains(p: Point): boolean {
    return inBox(this.boundary.box, p) && booleanPointInPolygon(point([p.lon, p.lat]), this.boundary.feature)
  }

  /** The area label for a point, or null when the point is outside the service area. */
  locate(p: Point): AreaLabel | null {
    if (!this.contains(p)) return null
    const pt = point([p.lon, p.lat])
    const cfg = this.city.config
    const kel = this.kelurahan.find((k) => inBox(k.box, p) && booleanPointInPolygon(pt, k.feature))
    if (kel && cfg.kelurahan) {
      const props = kel.feature.properties ?? {}
      return {
        kelurahan: str(props[cfg.kelurahan.name]),
        kelurahanCode: str(props[cfg.kelurahan.code]),
        kecamatan: str(props[cfg.kelurahan.kecamatanName]),
        kecamatanCode: str(props[cfg.kelurahan.kecamatanCode]),
      }
    }
    const kec = this.kecamatan.find((k) => inBox(k.box, p) && booleanPointInPolygon(pt, k.feature))
    const props = kec?.feature.properties ?? {}
    return {
      kecamatan: kec ? str(props[cfg.kecamatan.name]) : null,
      kecamatanCode: kec ? str(props[cfg.kecamatan.code]) : null,
      kelurahan: null,
      kelurahanCode: null,
    }
  }
}

function str(v: unknown): string | null {
  return typeof v === 'string' ? v : v === undefined || v === null ? null : String(v)
}
