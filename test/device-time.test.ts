import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEVICE_TIME_MAX_AGE_MS } from '@shared/device-time.js'
import type { LogEvent } from '@shared/events.js'
import { BACKENDS } from './support/backends.js'
import { near, startTestServer, type TestServer } from './support/server.js'

describe.each(BACKENDS)('steps sent later from a phone’s outbox, on $name', (backend) => {
  let s: TestServer
  beforeAll(async () => {
    // Sessions outlive the clock jumps below (a phone kept offline for a day).
    s = await startTestServer(backend, { SESSION_TTL_HOURS: 72 })
  })
  afterAll(async () => {
    await s?.close()
  })

  const ago = (ms: number) => new Date(s.clock.now().getTime() - ms).toISOString()
  const step = (id: string, teamId: string, to: string, deviceTime: string | undefined, key: string) =>
    s.call('POST', `/api/incidents/${id}/transitions`, { role: 'team', teamId, body: { to, ...(deviceTime ? { deviceTime } : {}) }, headers: { 'Idempotency-Key': key } })
  const transitions = async (id: string) =>
    ((await s.call<LogEvent[]>('GET', `/api/incidents/${id}/timeline`, { role: 'dispatcher' })).body as LogEvent[]).filter((e) => e.type === 'incident.transitioned')

  it('records each step at the phone’s time, keeps the time received, and records a replay once', async () => {
    const team = await s.createTeam('DT-1', near(100))
    const rep = await s.report({ location: near(120) })
    const id: string = rep.body.id
    expect((await s.incident(id)).teamId).toBe(team.id)
    // The phone went offline: acknowledged 5 minutes ago, en route 4 minutes ago; sent now.
    s.clock.advance(6 * 60_000)
    const ackAt = ago(5 * 60_000)
    const enRouteAt = ago(4 * 60_000)
    expect((await step(id, team.id, 'acknowledged', ackAt, 'outbox-dt1-ack')).status).toBe(200)
    const sent = await step(id, team.id, 'en_route', enRouteAt, 'outbox-dt1-route')
    expect(sent.status).toBe(200)
    expect(sent.body.times.acknowledgedAt).toBe(ackAt)
    expect(sent.body.times.enRouteAt).toBe(enRouteAt)
    // The outbox sends it again (the answer was lost): the same answer, no second event.
    const again = await step(id, team.id, 'en_route', enRouteAt, 'outbox-dt1-route')
    expect(again.status).toBe(200)
    expect(again.headers.get('Idempotent-Replayed')).toBe('true')
    const events = await transitions(id)
    expect(events.map((e) => e.type === 'incident.transitioned' && e.data.to)).toEqual(['acknowledged', 'en_route'])
    const enRoute = events[1]!
    expect(enRoute.type === 'incident.transitioned' && enRoute.data).toMatchObject({ deviceTime: enRouteAt, deviceTimeAdjusted: false })
    expect(enRoute.at).toBe(s.clock.now().toISOString())
  })

  it('bounds the phone’s time: not after it was received, not before the step before, not older than the limit', async () => {
    const team = await s.createTeam('DT-2', near(-100))
    const rep = await s.report({ location: near(-120) })
    const id: string = rep.body.id
    const assignedAt = (await s.incident(id)).times.assignedAt!
    s.clock.advance(60_000)
    // A clock running behind: "acknowledged" before the case was even assigned.
    const ack = await step(id, team.id, 'acknowledged', ago(10 * 60_000), 'outbox-dt2-ack')
    expect(ack.body.times.acknowledgedAt).toBe(assignedAt)
    // A clock running ahead: later than the server received it.
    const route = await step(id, team.id, 'en_route', new Date(s.clock.now().getTime() + 3_600_000).toISOString(), 'outbox-dt2-route')
    expect(route.body.times.enRouteAt).toBe(s.clock.now().toISOString())
    const [, enRoute] = await transitions(id)
    expect(enRoute?.type === 'incident.transitioned' && enRoute.data.deviceTimeAdjusted).toBe(true)
    // Far in the past (an outbox kept for days): no older than the limit.
    s.clock.advance(DEVICE_TIME_MAX_AGE_MS * 2)
    const scene = await step(id, team.id, 'on_scene', ago(DEVICE_TIME_MAX_AGE_MS * 3), 'outbox-dt2-scene')
    expect(scene.body.times.onSceneAt).toBe(ago(DEVICE_TIME_MAX_AGE_MS))
  })

  it('records a team’s own status change sent later at the phone’s time, bounded by the status it follows, once', async () => {
    const team = await s.createTeam('DT-S', near(-1500))
    const status = (to: string, deviceTime: string, key: string) =>
      s.call('POST', `/api/teams/${team.id}/status`, { role: 'team', teamId: team.id, body: { status: to, deviceTime }, headers: { 'Idempotency-Key': key } })
    const since = Date.parse((await s.team(team.id)).statusChangedAt)
    s.clock.advance(10 * 60_000)
    // Off duty 3 minutes ago, pressed in a dead zone and sent now.
    const offAt = ago(3 * 60_000)
    const off = await status('off_duty', offAt, 'outbox-dts-off')
    expect(off.status, JSON.stringify(off.body)).toBe(200)
    expect(off.body).toMatchObject({ status: 'off_duty', statusChangedAt: offAt })
    expect((await status('off_duty', offAt, 'outbox-dts-off')).headers.get('Idempotent-Replayed')).toBe('true')
    // A phone clock far behind: not before the status it follows.
    const back = await status('available', new Date(since - 60 * 60_000).toISOString(), 'outbox-dts-on')
    expect(back.body).toMatchObject({ status: 'available', statusChangedAt: offAt })
    const events = (await s.db.sql`select data from events where type = 'team.status_changed' and team_id = ${team.id} order by seq`).map((r) => r.data)
    expect(events.slice(-2)).toEqual([
      { deviceTime: offAt, deviceTimeAdjusted: false },
      { deviceTime: new Date(since - 60 * 60_000).toISOString(), deviceTimeAdjusted: true },
    ])
  })

  it('measures the monthly report’s intervals from the phone’s times, not from when the steps arrived', async () => {
    // A server of its own, its clock in a month of its own (the other tests' sessions would expire).
    const m = await startTestServer(backend)
    const mstep = (incident: string, teamId: string, to: string, deviceTime: string | undefined, key: string) =>
      m.call('POST', `/api/incidents/${incident}/transitions`, { role: 'team', teamId, body: { to, ...(deviceTime ? { deviceTime } : {}) }, headers: { 'Idempotency-Key': key } })
    try {
      m.clock.set('2027-03-10T02:00:00Z')
      const at = (min: number) => new Date(Date.parse('2027-03-10T02:00:00Z') + min * 60_000).toISOString()
      const team = await m.createTeam('DT-R', near(3000))
      const finder = await m.createTeam('DT-RP', near(-3000))
      const rep = await m.report({ location: near(3050) })
      const id: string = rep.body.id
      expect((await m.incident(id)).teamId).toBe(team.id)
      // Acknowledged at +1, en route at +2, on scene at +6, transporting at +16 minutes, all in a
      // dead zone; the phone finds a signal at +30 and sends them together.
      m.clock.set(at(30))
      for (const [to, min] of [
        ['acknowledged', 1],
        ['en_route', 2],
        ['on_scene', 6],
        ['transporting', 16],
      ] as const) {
        expect((await mstep(id, team.id, to, at(min), `outbox-dtr-${to}`)).status).toBe(200)
      }
      // A case another team found on patrol at +20, sent at +30 too; transporting at +40.
      const patrol = await m.call('POST', '/api/incidents/patrol', { role: 'team', teamId: finder.id, body: { category: 'homeless', location: near(-3010), deviceTime: at(20) } })
      expect(patrol.status, JSON.stringify(patrol.body)).toBe(201)
      m.clock.set(at(40))
      expect((await mstep(patrol.body.id, finder.id, 'transporting', undefined, 'outbox-dtr-patrol')).status).toBe(200)

      const report = await m.call('GET', '/api/reports?from=2027-03&to=2027-03&groupBy=source', { role: 'viewer' })
      expect(report.status, JSON.stringify(report.body)).toBe(200)
      const citizen = report.body.groups.find((g: { key: string }) => g.key === 'citizen')
      expect(citizen.intervals.turnout).toMatchObject({ n: 1, p50S: 120 })
      expect(citizen.intervals.travel).toMatchObject({ n: 1, p50S: 240 })
      expect(citizen.intervals.response).toMatchObject({ n: 1, p50S: 360 })
      expect(citizen.intervals.scene).toMatchObject({ n: 1, p50S: 600 })
      // The patrol case's scene time runs from when it was found (+20), not from when it arrived (+30).
      const found = report.body.groups.find((g: { key: string }) => g.key === 'patrol')
      expect(found.intervals.scene).toMatchObject({ n: 1, p50S: 1200 })
    } finally {
      await m.close()
    }
  })

  it('answers 400 naming deviceTime for a time that is not an instant', async () => {
    const team = await s.createTeam('DT-3', near(2000))
    const rep = await s.report({ location: near(2010) })
    const res = await step(rep.body.id, team.id, 'acknowledged', 'yesterday', 'outbox-dt3-ack')
    expect(res.status).toBe(400)
    expect(JSON.stringify(res.body.error.issues)).toContain('deviceTime')
  })
})
