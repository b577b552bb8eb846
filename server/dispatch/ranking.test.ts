import { describe, expect, it } from 'vitest'
import { boxAround, rankByCost, straightLineMetres } from './ranking.js'

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
    const teams = [{ id: 'a', at: { ...DEPOK } }, { id: 'b', at: { ...DEPOK } }]
    const ranked = rankByCost(DEPOK, teams, (t) => t.at, (from) => (from === teams[0]!.at ? 500 : 100))
    expect(ranked.map((r) => r.item.id)).toEqual(['b', 'a'])
  })

  it('draws a box that holds the whole circle of the radius', () => {
    const box = boxAround(DEPOK, 5_000)
    for (const corner of [{ lon: box.minLon, lat: DEPOK.lat }, { lon: box.maxLon, lat: DEPOK.lat }, { lon: DEPOK.lon, lat: box.minLat }, { lon: DEPOK.lon, lat: box.maxLat }]) {
      expect(straightLineMetres(DEPOK, corner)).toBeGreaterThanOrEqual(4_990)
    }
  })
})
