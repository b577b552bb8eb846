import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { LogEvent } from '@shared/events.js'
import { BACKENDS, databasePerFile } from './support/backends.js'
import { collect, eventually, near, startTestServer, type TestServer } from './support/server.js'

describe.each(BACKENDS)('live events on $name', (backend) => {
  let s: TestServer
  // One database for the file, emptied before each test (a new database per test cost seconds).
  const database = databasePerFile(backend)
  beforeEach(async () => {
    s = await startTestServer(backend, { OFFER_RESEND_MS: 150 }, await database.fresh())
  })
  afterEach(async () => {
    await s?.close()
  })
  afterAll(async () => {
    await database.close()
  })

  it('sends a reconnecting client exactly what it missed, in order, with no gap and no duplicate', async () => {
    await s.createTeam('RT', near(100))
    const first = await s.socket({ role: 'dispatcher', lastSeq: 0 })
    const seen1 = collect(first)
    await s.report({ location: near(0) })
    await s.flush()
    const lastSeen: number = await eventually(() => (seen1.length >= 3 ? seen1[seen1.length - 1]!.seq : null), 'events on the first connection')
    first.disconnect()

    // While the client is away, more happens.
    for (let i = 0; i < 4; i++) await s.report({ category: 'homeless', location: near(-800 * (i + 1), 200) })
    // And it keeps happening while it reconnects.
    const during = Promise.all([0, 1, 2].map((i) => s.report({ category: 'elderly', location: near(900, -700 * (i + 1)) })))
    const again = await s.socket({ role: 'dispatcher', lastSeq: lastSeen })
    const seen2 = collect(again)
    await during
    await s.flush()
    const all = (await s.call('GET', `/api/events?after=${lastSeen}&limit=1000`, { role: 'dispatcher' })).body as LogEvent[]
    await eventually(() => seen2.length >= all.length, `all ${all.length} missed and new events`)
    expect(seen2.map((e) => e.seq)).toEqual(all.map((e) => e.seq))
    expect(all[0]!.seq).toBe(lastSeen + 1)
    expect(new Set(seen2.map((e) => e.seq)).size).toBe(seen2.length)
  })

  it('sends the next events at once when a sequence number below them was never committed', async () => {
    const dispatcher = await s.socket({ role: 'dispatcher', lastSeq: 0 })
    const seen = collect(dispatcher)
    // A seq taken and never committed (as by a transaction that rolled back after its append).
    await s.db.sql`select nextval(pg_get_serial_sequence('events', 'seq'))`
    const rep = await s.report({ location: near(0) })
    await eventually(() => seen.some((e) => e.type === 'incident.reported' && e.incidentId === rep.body.id), 'the report after the hole')
    const seqs = seen.map((e) => e.seq)
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b))
  })

  it('joins a team only to its own room and a tracker only to its own incident', async () => {
    const a = await s.createTeam('TA', near(100))
    const b = await s.createTeam('TB', near(4000))
    const phoneA = await s.socket({ role: 'team', teamId: a.id, lastSeq: 0 })
    const phoneB = await s.socket({ role: 'team', teamId: b.id, lastSeq: 0 })
    const gotA = collect(phoneA)
    const gotB = collect(phoneB)
    phoneA.on('assignment:offer', (_o, ack) => ack({ received: true }))
    const rep = await s.report({ location: near(0) })
    const otherTracker = await s.socket({ trackingCode: 'ZZZZZZZZZZZZZZZZ' })
    const tracks: unknown[] = []
    otherTracker.on('track:update', (v) => tracks.push(v))
    otherTracker.on('log:event', (e) => tracks.push(e))
    await s.flush()
    await eventually(() => gotA.find((e) => e.type === 'incident.assigned' && e.incidentId === rep.body.id), 'team A to hear of its assignment')
    expect(gotB.filter((e) => e.incidentId === rep.body.id)).toEqual([])
    expect(gotA.every((e) => e.teamId === a.id)).toBe(true)
    expect(tracks).toEqual([])
  })

  it('re-sends an assignment to the phone until the phone acknowledges it', async () => {
    const team = await s.createTeam('RS', near(100))
    const phone = await s.socket({ role: 'team', teamId: team.id })
    const offers: string[] = []
    let answer = false
    phone.on('assignment:offer', (offer, ack) => {
      offers.push(offer.assignmentId)
      if (answer) ack({ received: true })
      answer = true // ignore the first delivery, as a phone in a tunnel would
    })
    const rep = await s.report({ location: near(0) })
    await eventually(() => offers.length >= 2, 'a second delivery')
    await s.flush()
    const tl = await eventually(async () => {
      const events = (await s.call('GET', `/api/incidents/${rep.body.id}/timeline`, { role: 'dispatcher' })).body as LogEvent[]
      return events.find((e) => e.type === 'assignment.delivered') ? events : null
    }, 'the delivery to be recorded')
    expect(tl.filter((e) => e.type === 'assignment.delivered')).toHaveLength(1)
    const count = offers.length
    await new Promise((r) => setTimeout(r, 600))
    expect(offers.length).toBe(count) // acknowledged: no more re-sends
    expect(new Set(offers).size).toBe(1)
  })

  it('waits the full re-send interval before re-sending a new offer, whatever came before it', async () => {
    const team = await s.createTeam('RS2', near(100))
    const phone = await s.socket({ role: 'team', teamId: team.id })
    const deliveries: Array<{ id: string; at: number }> = []
    phone.on('assignment:offer', (offer, ack) => {
      deliveries.push({ id: offer.incident.id, at: performance.now() })
      if (deliveries.filter((d) => d.id === offer.incident.id).length === 1 && deliveries.length === 1) ack({ received: true })
    })
    const first = await s.report({ location: near(0) })
    await eventually(() => deliveries.length >= 1, 'the first offer')
    await s.call('POST', `/api/incidents/${first.body.id}/transitions`, { role: 'dispatcher', body: { to: 'cancelled', disposition: 'false_report', note: 'test' } })
    // Measured from before the report is sent, which is before the server's first send: a
    // client that is slow to read the first delivery (a loaded machine) cannot shorten it.
    const posted = performance.now()
    const second = await s.report({ location: near(10), category: 'elderly' })
    expect(second.body.status).toBe('assigned')
    const times = await eventually(() => {
      const t = deliveries.filter((d) => d.id === second.body.id).map((d) => d.at)
      return t.length >= 2 ? t : null
    }, 'a re-send of the unacknowledged second offer')
    expect(times[1]! - posted).toBeGreaterThanOrEqual(150) // OFFER_RESEND_MS is 150 here
  })

  it('sends a phone that was offline its undelivered assignment when it connects', async () => {
    const team = await s.createTeam('OFFL', near(100))
    const rep = await s.report({ location: near(0) })
    expect(rep.body.status).toBe('assigned')
    const phone = await s.socket({ role: 'team', teamId: team.id })
    const offer = await new Promise<any>((resolve) => phone.on('assignment:offer', (o, ack) => (ack({ received: true }), resolve(o))))
    expect(offer.incident.id).toBe(rep.body.id)
  })

  it('refuses a position from a socket that is not that team’s phone, and takes a valid one', async () => {
    const team = await s.createTeam('POS', near(100))
    const dispatcher = await s.socket({ role: 'dispatcher' })
    const positions: any[] = []
    dispatcher.on('team:positions', (batch) => positions.push(...batch))
    const phone = await s.socket({ role: 'team', teamId: team.id })
    const bad = await phone.emitWithAck('team:position', { lon: 'x' as never, lat: -6.4, accuracyM: 5, deviceTime: new Date().toISOString() })
    expect(bad).toMatchObject({ ok: false, error: { code: 'validation_failed' } })
    expect((bad as any).error.issues[0].path).toBe('lon')
    const notTeam = await dispatcher.emitWithAck('team:position', { lon: 106.8, lat: -6.4, accuracyM: 5, deviceTime: new Date().toISOString() })
    expect(notTeam).toMatchObject({ ok: false, error: { code: 'forbidden' } })
    const ok = await phone.emitWithAck('team:position', { lon: 106.81, lat: -6.41, accuracyM: 5, deviceTime: s.clock.now().toISOString() })
    expect(ok).toEqual({ ok: true, data: null })
    await eventually(() => positions.find((p) => p.teamId === team.id && p.position.lon === 106.81), 'the dispatcher to see the position')
  })
})
