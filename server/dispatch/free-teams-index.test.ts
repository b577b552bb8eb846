import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { FreeTeamsIndex, haversineMetres, type FreeTeam } from './free-teams-index.js'

const DEPOK = { lon: 106.8186, lat: -6.399 }
const team = (id: string, dLon: number, dLat: number, receivedAt = 0): FreeTeam => ({ id, lon: DEPOK.lon + dLon, lat: DEPOK.lat + dLat, receivedAt })

describe('the free teams index', () => {
  it('returns the nearest free teams, nearest first, with straight-line metres', () => {
    const index = new FreeTeamsIndex()
    index.replaceAll([team('far', 0.05, 0), team('near', 0.001, 0), team('mid', 0, 0.01)])
    const found = index.nearest(DEPOK, 2)
    expect(found.map((f) => f.team.id)).toEqual(['near', 'mid'])
    expect(found[0]!.distanceM).toBeCloseTo(haversineMetres(DEPOK, found[0]!.team), 6)
    expect(found[0]!.distanceM).toBeGreaterThan(100)
    expect(found[0]!.distanceM).toBeLessThan(120)
  })

  it('follows moves and removals made after the tree was built', () => {
    const index = new FreeTeamsIndex()
    index.replaceAll([team('a', 0.001, 0), team('b', 0.002, 0), team('c', 0.003, 0)])
    index.remove('a')
    index.set(team('c', 0.0005, 0))
    index.set(team('d', 0.0001, 0))
    expect(index.nearest(DEPOK, 10).map((f) => f.team.id)).toEqual(['d', 'c', 'b'])
    index.remove('d')
    index.set(team('a', 0.004, 0))
    expect(index.nearest(DEPOK, 10).map((f) => f.team.id)).toEqual(['c', 'b', 'a'])
  })

  it('skips the teams a filter refuses (stale fixes, teams excluded from the case)', () => {
    const index = new FreeTeamsIndex()
    index.replaceAll([team('old', 0.001, 0, 10), team('excluded', 0.002, 0, 100), team('ok', 0.003, 0, 100)])
    const found = index.nearest(DEPOK, 5, (t) => t.receivedAt >= 50 && t.id !== 'excluded')
    expect(found.map((f) => f.team.id)).toEqual(['ok'])
  })

  it('takes a new fix at the same point as fresh without moving the team', () => {
    const index = new FreeTeamsIndex()
    index.replaceAll([team('parked', 0.001, 0, 10)])
    index.set(team('parked', 0.001, 0, 100))
    expect(index.nearest(DEPOK, 1, (t) => t.receivedAt >= 50).map((f) => f.team.id)).toEqual(['parked'])
  })

  it('answers like a full scan after any sequence of changes', () => {
    const op = fc.oneof(
      fc.record({
        kind: fc.constant('set' as const),
        id: fc.integer({ min: 0, max: 40 }),
        dLon: fc.double({ min: -0.1, max: 0.1, noNaN: true }),
        dLat: fc.double({ min: -0.1, max: 0.1, noNaN: true }),
      }),
      fc.record({ kind: fc.constant('remove' as const), id: fc.integer({ min: 0, max: 40 }) }),
    )
    fc.assert(
      fc.property(fc.array(op, { maxLength: 300 }), fc.integer({ min: 1, max: 8 }), (ops, k) => {
        const index = new FreeTeamsIndex()
        const truth = new Map<string, FreeTeam>()
        index.replaceAll([])
        for (const o of ops) {
          const id = `t${o.id}`
          if (o.kind === 'set') {
            const t = team(id, o.dLon, o.dLat)
            index.set(t)
            truth.set(id, t)
          } else {
            index.remove(id)
            truth.delete(id)
          }
        }
        const expected = [...truth.values()]
          .map((t) => haversineMetres(DEPOK, t))
          .sort((a, b) => a - b)
          .slice(0, k)
        const got = index.nearest(DEPOK, k).map((f) => f.distanceM)
        expect(got.length).toBe(expected.length)
        got.forEach((d, i) => expect(d).toBeCloseTo(expected[i]!, 3))
        expect(index.size).toBe(truth.size)
      }),
      { numRuns: 200 },
    )
  })
})
