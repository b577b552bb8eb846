import { describe, expect, it } from 'vitest'
import { estimateArrival, straightLineM } from './eta.js'

describe('the arrival estimate', () => {
  it('measures a straight line as the great circle does (one degree of latitude is about 111 km)', () => {
    expect(straightLineM({ lon: 106.8, lat: -6.4 }, { lon: 106.8, lat: -5.4 })).toBeCloseTo(111_195, -1)
    expect(straightLineM({ lon: 106.8, lat: -6.4 }, { lon: 106.8, lat: -6.4 })).toBe(0)
  })

  it('divides the distance by the average speed: 5 km at 20 km/h is 15 minutes', () => {
    const from = { lon: 106.8, lat: -6.4 }
    const to = { lon: 106.8, lat: -6.4 + 5000 / 111_195 }
    const { distanceM, etaS } = estimateArrival(from, to, 20)
    expect(distanceM).toBe(5000)
    expect(etaS).toBe(900)
  })
})
