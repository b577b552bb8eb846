import { booleanPointInPolygon, point } from '@turf/turf'
import type { Feature, MultiPolygon, Polygon } from 'geojson'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadCity } from '../server/geo/city.js'
import { ServiceArea } from '../server/geo/service-area.js'
import type { Place } from '@shared/places.js'
import { testConfig } from '../server/config.js'
import { BACKENDS } from './support/backends.js'
import { startTestServer, type TestServer } from './support/server.js'

const city = loadCity(testConfig().CITY_DIR)
type Outline = Feature<Polygon | MultiPolygon>

/**
 * A point inside the exact boundary but outside the simplified one: walking a few metres
 * inwards from each exact vertex until the simplified outline no longer holds it.
 */
function pointOnlyInExact(exact: Outline, simplified: Outline): { lon: number; lat: number } {
  const ring = exact.geometry.type === 'Polygon' ? exact.geometry.coordinates[0]! : exact.geometry.coordinates[0]![0]!
  const [cx, cy] = [city.config.center.lon, city.config.center.lat]
  for (const [x, y] of ring as [number, number][]) {
    for (let step = 1; step <= 20; step++) {
      const f = step * 0.00002 // ≈ 2 m per step
      const len = Math.hypot(cx - x, cy - y)
      const p: [number, number] = [x + ((cx - x) / len) * f, y + ((cy - y) / len) * f]
      if (booleanPointInPolygon(point(p), exact) && !booleanPointInPolygon(point(p), simplified)) return { lon: p[0], lat: p[1] }
    }
  }
  throw new Error('no point found between the exact and the simplified outline')
}

describe.each(BACKENDS)('the service area on $name', (backend) => {
  let s: TestServer
  beforeAll(async () => {
    s = await startTestServer(backend)
  })
  afterAll(async () => {
    await s?.close()
  })

  it('is sent simplified for display: under 50 kB, with every kecamatan named', async () => {
    const res = await fetch(`${s.url}/api/service-area`, { headers: { 'accept-encoding': 'identity' } })
    const text = await res.text()
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(50_000)
    const area = JSON.parse(text)
    expect(area.boundary.type).toBe('Feature')
    expect(area.kecamatan.features).toHaveLength(city.kecamatan.features.length)
    expect(area.kecamatan.features.map((f: Feature) => f.properties!.name).sort()).toEqual(city.kecamatan.features.map((f) => f.properties[city.config.kecamatan.name]).sort())
    // Rounded to five decimals (~1 m).
    expect(JSON.stringify(area.boundary.geometry.coordinates)).not.toMatch(/\.\d{6,}/)
  })

  it('still decides with the exact boundary: a report between the simplified and the exact edge is accepted', async () => {
    const area = (await s.call('GET', '/api/service-area')).body
    const inside = pointOnlyInExact(city.boundary, area.boundary)
    const r = await s.report({ location: inside })
    expect(r.status).toBe(201)
    expect(r.body.area.kecamatan).not.toBeNull()
  })

  it('lists the city’s named places for the offline search, each inside the area and in its own kelurahan', async () => {
    const res = await s.call('GET', '/api/places')
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe('public, max-age=3600')
    const places: Place[] = res.body
    const count = (kind: Place['kind']) => places.filter((p) => p.kind === kind).length
    expect(count('kelurahan')).toBe(63)
    expect(count('kecamatan')).toBe(11)
    expect(count('facility')).toBe(city.facilities!.features.length)
    expect(count('landmark')).toBe(city.landmarks!.features.length)
    expect(places.find((p) => p.name === 'Pasar Kemiri')).toMatchObject({ kind: 'landmark', subkind: 'market', kecamatan: 'Beji' })
    const area = new ServiceArea(city)
    for (const p of places) {
      const label = area.locate(p)
      expect(label, p.name).not.toBeNull()
      if (p.kind === 'kelurahan') expect(label!.kelurahan, p.name).toBe(p.name)
      if (p.kind === 'kecamatan') expect(label!.kecamatan, p.name).toBe(p.name)
    }
  })
})
