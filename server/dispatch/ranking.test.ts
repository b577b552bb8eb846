import { describe, expect, it } from 'vitest'
import { boxAround, rankByCost, reachabilityOrder, straightLineMetres } from './ranking.js'

const DEPOK = { lon: 106.8186, lat: -6.399 }

describe('ranking teams by travel cost', () => {
  it('puts the nearest first and rounds distances to metres', () => {
    const teams = [
      { id: 'far', at: { lon: DEPOK.lon, lat: DEPOK.lat + 0.02 } },
      { id: 'near', at: { lon: DEPOK.lon, lat: DEPOK.lat + 0.001 } },
    ]
    const ranked = rankByCost(DEPOK, teams, (t) => t.at)
    expect(ranked.map((r) => r.item.id)).toEqual(['near', 'far'])
    expect(ranked[0]!.distanceM).toBeGreaterThan(100)
    expect(ranked[0]!.distanceM).toBeLessThan(120)
    expect(Number.isInteger(ranked[1]!.distanceM)).toBe(true)
  })

  it('uses the cost function it is given (a road-network model replaces the straight line)', () => {
    const teams = [
      { id: 'a', at: { ...DEPOK } },
      { id: 'b', at: { ...DEPOK } },
    ]
    const ranked = rankByCost(
      DEPOK,
      teams,
      (t) => t.at,
      (from) => (from === teams[0]!.at ? 500 : 100),
    )
    expect(ranked.map((r) => r.item.id)).toEqual(['b', 'a'])
  })

  it('draws a box that holds the whole circle of the radius', () => {
    const box = boxAround(DEPOK, 5_000)
    for (const corner of [
      { lon: box.minLon, lat: DEPOK.lat },
      { lon: box.maxLon, lat: DEPOK.lat },
      { lon: DEPOK.lon, lat: box.minLat },
      { lon: DEPOK.lon, lat: box.maxLat },
    ]) {
      expect(straightLineMetres(DEPOK, corner)).toBeGreaterThanOrEqual(4_990)
    }
  })
})

describe('ordering candidates by whether their phone is reachable', () => {
  const ranked = [
    { id: 'silent-200m', distanceM: 200 },
    { id: 'on-1km', distanceM: 1000 },
    { id: 'silent-2km', distanceM: 2000 },
    { id: 'on-30km', distanceM: 30_000 },
  ]
  const on = new Set(['on-1km', 'on-30km'])

  it('prefers connected teams only within the allowed extra distance of the nearest', () => {
    expect(reachabilityOrder(ranked, on, 'prefer', 3000)).toEqual(['on-1km', 'silent-200m', 'silent-2km', 'on-30km'])
    expect(reachabilityOrder(ranked, on, 'prefer', 500)).toEqual(['silent-200m', 'on-1km', 'silent-2km', 'on-30km'])
    expect(reachabilityOrder(ranked, on, 'prefer', 50_000)).toEqual(['on-1km', 'on-30km', 'silent-200m', 'silent-2km'])
  })

  it('keeps only connected teams, or the distance order alone, in the other modes', () => {
    expect(reachabilityOrder(ranked, on, 'only', 0)).toEqual(['on-1km', 'on-30km'])
    expect(reachabilityOrder(ranked, on, 'ignore', 0)).toEqual(ranked.map((r) => r.id))
    expect(reachabilityOrder([], on, 'prefer', 3000)).toEqual([])
  })
})
