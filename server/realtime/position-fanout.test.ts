import { describe, expect, it } from 'vitest'
import type { TeamPositionUpdate } from '@shared/events.js'
import { PositionFanout } from './position-fanout.js'

const fix = (teamId: string, lon: number, deviceSecond: number, receivedSecond = deviceSecond): TeamPositionUpdate => ({
  teamId,
  position: {
    lon,
    lat: -6.4,
    accuracyM: 5,
    headingDeg: null,
    speedMps: null,
    deviceTime: new Date(deviceSecond * 1000).toISOString(),
    receivedAt: new Date(receivedSecond * 1000).toISOString(),
    stale: false,
  },
})

/** A fan-out whose timer never fires by itself in the test: flush() is called by hand. */
function fanout() {
  const sent: TeamPositionUpdate[][] = []
  return { f: new PositionFanout({ emit: (b) => sent.push(b), flushMs: 60_000 }), sent }
}

describe('position fan-out', () => {
  it('sends only the latest fix of each team in one batch', () => {
    const { f, sent } = fanout()
    f.offer(fix('a', 1, 1))
    f.offer(fix('b', 10, 1))
    f.offer(fix('a', 2, 2))
    f.flush()
    f.close()
    expect(sent).toHaveLength(1)
    expect(sent[0]!.map((u) => [u.teamId, u.position.lon])).toEqual([
      ['a', 2],
      ['b', 10],
    ])
  })

  it('drops a fix older than one already seen, and the same fix seen twice', () => {
    const { f, sent } = fanout()
    f.offer(fix('a', 2, 2))
    f.flush()
    f.offer(fix('a', 1, 1))
    f.offer(fix('a', 2, 2))
    f.flush()
    f.close()
    expect(sent).toHaveLength(1)
  })

  it('takes two different fixes stamped in the same millisecond, the later one winning', () => {
    const { f, sent } = fanout()
    f.offer(fix('a', 1, 5))
    f.offer(fix('a', 2, 5))
    f.flush()
    f.close()
    expect(sent[0]!.map((u) => u.position.lon)).toEqual([2])
  })

  it('sends nothing when no team moved', () => {
    const { f, sent } = fanout()
    f.flush()
    f.close()
    f.offer(fix('a', 1, 1))
    f.flush()
    expect(sent).toEqual([])
  })

  it('publishes to the other processes only the fixes this process received, once per batch', () => {
    const published: TeamPositionUpdate[][] = []
    const f = new PositionFanout({ emit: () => {}, publish: (b) => published.push(b), flushMs: 60_000 })
    f.offer(fix('own', 1, 1))
    f.offer(fix('other', 2, 1), 'remote')
    f.offer(fix('own', 3, 2))
    f.flush()
    // The echo of what was published comes back from the channel: nothing new to send.
    f.offer(fix('own', 3, 2), 'remote')
    f.flush()
    f.close()
    expect(published.map((b) => b.map((u) => [u.teamId, u.position.lon]))).toEqual([[['own', 3]]])
  })
})
