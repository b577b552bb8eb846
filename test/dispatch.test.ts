import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openPostgres } from '../server/db/database.js'
import { BACKENDS, databasePerFile } from './support/backends.js'
import { collect, eventually, near, startTestServer, type TestServer } from './support/server.js'

describe.each(BACKENDS)('assignment on $name', (backend) => {
  let s: TestServer
  // One database for the file, emptied before each test (a new database per test cost seconds).
  const database = databasePerFile(backend)
  beforeEach(async () => {
    s = await startTestServer(backend, { ACK_TIMEOUT_S: 60, STALE_POSITION_MIN: 30 }, await database.fresh())
  })
  afterEach(async () => {
    await s?.close()
  })
  afterAll(async () => {
    await database.close()
  })

  it('assigns the nearest free team, skipping busy, off-duty and stale-position teams', async () => {
    const stale = await s.createTeam('STALE', near(50)) // nearest of all, but its fix will be old
    s.clock.advance(31 * 60_000)
    const offDuty = await s.createTeam('OFF', near(80), { onDuty: false })
    const busy = await s.createTeam('BUSY', near(120))
    const near1 = await s.createTeam('NEAR', near(400))
    const far = await s.createTeam('FAR', near(3000))
    // Make BUSY busy with a case next to it.
    const first = await s.report({ location: near(125) })
    expect(first.body.status).toBe('assigned')
    expect((await s.incident(first.body.id)).teamId).toBe(busy.id)

    const teams = (await s.call('GET', '/api/teams', { role: 'dispatcher' })).body as any[]
    expect(teams.find((t) => t.id === stale.id).position.stale).toBe(true)

    const rec = await s.report({ location: near(0), category: 'elderly' })
    const recs = (await s.call('GET', `/api/incidents/${rec.body.id}/recommendations`, { role: 'dispatcher' })).body as any[]
    const assigned = await s.incident(rec.body.id)
    expect(assigned.teamId).toBe(near1.id)
    // The remaining recommendation is the far team only: stale, off duty and busy ones never appear.
    expect(recs.map((r) => r.team.callSign)).toEqual(['FAR'])
    expect(recs[0].distanceM).toBeGreaterThan(2900)
    for (const t of [stale, offDuty, busy]) expect(recs.some((r) => r.team.id === t.id)).toBe(false)
    expect((await s.team(far.id)).status).toBe('available') // recommended, not assigned
  })

  it('finds the truly nearest team when the outward search meets a team in a box corner first', async () => {
    await s.createTeam('CORNER', near(-400, 4600)) // ≈6.5 km away, inside the 5 km box
    const straight = await s.createTeam('STRAIGHT', near(300)) // ≈5.3 km away, just outside it
    const rep = await s.report({ location: near(-5000) })
    expect(rep.body.status, JSON.stringify(rep.body)).toBe('assigned')
    expect((await s.incident(rep.body.id)).teamId).toBe(straight.id)
  })

  it('moves an unacknowledged incident to the next nearest team when the deadline passes, and tells the dispatcher', async () => {
    const a = await s.createTeam('A', near(100))
    const b = await s.createTeam('B', near(600))
    const dispatcher = await s.socket({ role: 'dispatcher', lastSeq: 0 })
    const seen = collect(dispatcher)
    const rep = await s.report()
    expect((await s.incident(rep.body.id)).teamId).toBe(a.id)

    s.clock.advance(59_000)
    expect(await s.app.services.dispatch.sweep()).toBe(0)
    s.clock.advance(2_000)
    expect(await s.app.services.dispatch.sweep()).toBe(1)

    const moved = await s.incident(rep.body.id)
    expect(moved).toMatchObject({ status: 'assigned', teamId: b.id })
    expect((await s.team(a.id)).status).toBe('available')
    await s.flush()
    await eventually(() => seen.find((e) => e.type === 'incident.ack_timeout' && e.incidentId === rep.body.id && e.teamId === a.id), 'the ack timeout event')

    // B acknowledges in time: no further move, and A is never offered this incident again.
    await s.call('POST', `/api/incidents/${rep.body.id}/transitions`, { role: 'team', teamId: b.id, body: { to: 'acknowledged' } })
    s.clock.advance(10 * 60_000)
    expect(await s.app.services.dispatch.sweep()).toBe(0)
    expect((await s.incident(rep.body.id)).teamId).toBe(b.id)
  })

  it('queues incidents when no team is free and gives the most urgent, oldest one to the first team that frees up', async () => {
    const only = await s.createTeam('ONLY', near(100))
    const busyCase = await s.report({ location: near(50) })
    expect(busyCase.body.status).toBe('assigned')
    s.clock.advance(1000)
    const normalOld = await s.report({ category: 'homeless', location: near(-3000) })
    s.clock.advance(1000)
    const highNew = await s.report({ category: 'homeless', location: near(-2500, 2500), answers: { unconscious: false, injured: true, child: false, badWeather: false, aggressive: false } })
    expect(normalOld.body.status, JSON.stringify(normalOld.body)).toBe('reported')
    expect(highNew.body.status, JSON.stringify(highNew.body)).toBe('reported')
    const queue = (await s.call('GET', '/api/incidents/queue', { role: 'dispatcher' })).body as any[]
    expect(queue.map((i) => i.id)).toEqual([highNew.body.id, normalOld.body.id])

    // The team ends its case (person not found) and is free again: at once it gets the high-priority case.
    const t = (to: string) => s.call('POST', `/api/incidents/${busyCase.body.id}/transitions`, { role: 'team', teamId: only.id, body: { to } })
    for (const to of ['acknowledged', 'en_route', 'not_found']) expect((await t(to)).status).toBe(200)
    expect(await s.team(only.id)).toMatchObject({ status: 'assigned', currentIncidentId: highNew.body.id })
    expect(await s.incident(highNew.body.id)).toMatchObject({ status: 'assigned', teamId: only.id })
    expect((await s.incident(normalOld.body.id)).status).toBe('reported')
  })

  // This race used to leave the team with nobody (a report's transaction locked the waiting cases
  // with SKIP LOCKED while the team freed up; the freed team's queue offer skipped them): it
  // failed within a few rounds before the one-lock-order rework (docs/decisions/003).
  it('never lets a new report take a freed team that an older, as urgent one is waiting for, even when the report races the team freeing up', async () => {
    const only = await s.createTeam('FAIR', near(100))
    let busy = await s.report({ location: near(50) })
    s.clock.advance(1000)
    let waiting = await s.report({ category: 'homeless', location: near(-3000) })
    expect(waiting.body.status).toBe('reported')
    // Each round, the team ends its case while a new report right next to it comes in: the
    // report lands before the team is free, between its freeing up and the queue being
    // offered to it, or after. In every order the older waiting case gets the team.
    for (let round = 1; round <= 6; round++) {
      const t = (to: string) => s.call('POST', `/api/incidents/${busy.body.id}/transitions`, { role: 'team', teamId: only.id, body: { to } })
      for (const to of ['acknowledged', 'en_route']) expect((await t(to)).status).toBe(200)
      s.clock.advance(1000)
      const [ended, newer] = await Promise.all([t('not_found'), s.report({ category: 'homeless', location: near(60, (round - 3) * 400) })])
      expect(ended.status).toBe(200)
      expect(newer.status).toBe(201)
      expect(await s.incident(waiting.body.id), `round ${round}`).toMatchObject({ status: 'assigned', teamId: only.id })
      expect((await s.incident(newer.body.id)).status, `round ${round}`).toBe('reported')
      ;[busy, waiting] = [waiting, newer]
    }
  })

  it('never lets a new report take a freed team that an older, as urgent one is waiting for', async () => {
    const only = await s.createTeam('FAIR', near(100))
    const busyCase = await s.report({ location: near(50) })
    s.clock.advance(1000)
    const waiting = await s.report({ category: 'homeless', location: near(-3000) })
    expect(waiting.body.status).toBe('reported')
    for (const to of ['acknowledged', 'en_route', 'not_found']) {
      expect((await s.call('POST', `/api/incidents/${busyCase.body.id}/transitions`, { role: 'team', teamId: only.id, body: { to } })).status).toBe(200)
    }
    s.clock.advance(1000)
    const newer = await s.report({ category: 'homeless', location: near(60) }) // right next to the team
    expect(newer.body.status).toBe('reported')
    expect(await s.incident(waiting.body.id)).toMatchObject({ status: 'assigned', teamId: only.id })
  })

  it('gives a freed team the most urgent waiting case, even a newer one', async () => {
    const only = await s.createTeam('FAIR', near(100))
    const busyCase = await s.report({ location: near(50) })
    s.clock.advance(1000)
    const older = await s.report({ category: 'homeless', location: near(-3000) })
    s.clock.advance(1000)
    const critical = await s.report({ category: 'sick', location: near(-4000, 500), answers: { unconscious: true, injured: false, child: false, badWeather: false, aggressive: false } })
    expect(critical.body).toMatchObject({ status: 'reported', priority: 'critical' })
    for (const to of ['acknowledged', 'en_route', 'not_found']) {
      expect((await s.call('POST', `/api/incidents/${busyCase.body.id}/transitions`, { role: 'team', teamId: only.id, body: { to } })).status).toBe(200)
    }
    expect(await s.incident(critical.body.id)).toMatchObject({ status: 'assigned', teamId: only.id })
    expect((await s.incident(older.body.id)).status).toBe('reported')
  })

  it('lets a dispatcher assign a chosen team, reassign, unassign, and record a status on a team’s behalf', async () => {
    await s.call('POST', '/api/teams', { role: 'admin', body: { callSign: 'X', name: 'x', onDuty: false } })
    const a = await s.createTeam('MA', near(100))
    const b = await s.createTeam('MB', near(900))
    const rep = await s.report()
    expect((await s.incident(rep.body.id)).teamId).toBe(a.id)

    const re = await s.call('POST', `/api/incidents/${rep.body.id}/assign`, { role: 'dispatcher', body: { teamId: b.id } })
    expect(re.status, JSON.stringify(re.body)).toBe(200)
    expect(re.body).toMatchObject({ status: 'assigned', teamId: b.id })
    expect((await s.team(a.id)).status).toBe('available')
    expect((await s.team(b.id)).currentIncidentId).toBe(rep.body.id)

    const busyAgain = await s.call('POST', `/api/incidents/${rep.body.id}/assign`, { role: 'dispatcher', body: { teamId: b.id } })
    expect(busyAgain.status).toBe(409)

    const behalf = await s.call('POST', `/api/incidents/${rep.body.id}/transitions`, { role: 'dispatcher', body: { to: 'acknowledged', onBehalfOfTeam: true } })
    expect(behalf.status).toBe(200)
    const tl = (await s.call('GET', `/api/incidents/${rep.body.id}/timeline`, { role: 'dispatcher' })).body as any[]
    const ack = tl.find((e) => e.type === 'incident.transitioned' && e.data.to === 'acknowledged')
    expect(ack.actor).toMatchObject({ kind: 'dispatcher', id: await s.userIdOf('dispatcher'), onBehalfOf: b.id })

    const un = await s.call('POST', `/api/incidents/${rep.body.id}/unassign`, { role: 'dispatcher' })
    expect(un.body).toMatchObject({ status: 'reported', teamId: null })
    // Neither team that was taken off it is handed it back automatically.
    expect((await s.incident(rep.body.id)).status).toBe('reported')

    const teamTriesDispatcherStep = await s.call('POST', `/api/incidents/${rep.body.id}/transitions`, { role: 'team', teamId: b.id, body: { to: 'cancelled', disposition: 'false_report', note: 'x' } })
    expect(teamTriesDispatcherStep.status).toBe(403)
  })

  it('reopens an incident the team could not find and sends the nearest free team again', async () => {
    const a = await s.createTeam('NF', near(100))
    const rep = await s.report()
    for (const to of ['acknowledged', 'en_route', 'not_found']) {
      expect((await s.call('POST', `/api/incidents/${rep.body.id}/transitions`, { role: 'team', teamId: a.id, body: { to } })).status).toBe(200)
    }
    const teamTries = await s.call('POST', `/api/incidents/${rep.body.id}/transitions`, { role: 'team', teamId: a.id, body: { to: 'reported' } })
    expect(teamTries.status).toBe(403)
    const reopened = await s.call('POST', `/api/incidents/${rep.body.id}/transitions`, { role: 'dispatcher', body: { to: 'reported' } })
    expect(reopened.status, JSON.stringify(reopened.body)).toBe(200)
    expect(reopened.body).toMatchObject({ status: 'assigned', teamId: a.id })
    const tl = (await s.call('GET', `/api/incidents/${rep.body.id}/timeline`, { role: 'dispatcher' })).body as any[]
    expect(tl.filter((e) => e.type === 'incident.assigned')).toHaveLength(2)
    expect(tl.find((e) => e.data?.from === 'not_found' && e.data?.to === 'reported')).toBeTruthy()
  })

  it('flags a likely duplicate for the dispatcher, holds it from auto-assignment, and merges it on request', async () => {
    await s.createTeam('D1', near(100))
    await s.createTeam('D2', near(200))
    const first = await s.report({ category: 'odgj', location: near(0) })
    const dup = await s.report({ category: 'odgj', location: near(60) })
    const other = await s.report({ category: 'homeless', location: near(60) })
    const dupIncident = await s.incident(dup.body.id)
    expect(dupIncident.possibleDuplicates).toEqual([first.body.id])
    expect(dupIncident.status).toBe('reported')
    expect((await s.incident(other.body.id)).possibleDuplicates).toEqual([])

    const merged = await s.call('POST', `/api/incidents/${dup.body.id}/merge`, { role: 'dispatcher', body: { into: first.body.id } })
    expect(merged.status).toBe(200)
    expect(merged.body).toMatchObject({ status: 'duplicate', duplicateOf: first.body.id, disposition: 'duplicate' })
    const list = (await s.call('GET', '/api/incidents?status=duplicate', { role: 'dispatcher' })).body as any[]
    expect(list.map((i) => i.id)).toContain(dup.body.id)
  })

  it('recommends the nearest destination that accepts the category and has room, and refuses a full one without override', async () => {
    const team = await s.createTeam('H', near(100))
    const mk = (name: string, at: object, capacity: number, occupancy: number, accepts: string[]) =>
      s.call('POST', '/api/destinations', { role: 'admin', body: { name, kind: 'shelter', location: at, capacity, occupancy, accepts } }).then((r) => r.body)
    const full = await mk('Full', near(200), 1, 1, ['sick'])
    const wrong = await mk('Elderly only', near(300), 10, 0, ['elderly'])
    const good = await mk('Good', near(2000), 10, 0, ['sick'])
    const rep = await s.report()
    for (const to of ['acknowledged', 'en_route', 'on_scene', 'transporting']) {
      await s.call('POST', `/api/incidents/${rep.body.id}/transitions`, { role: 'team', teamId: team.id, body: { to } })
    }
    const recs = (await s.call('GET', `/api/incidents/${rep.body.id}/destinations`, { role: 'dispatcher' })).body as any[]
    expect(recs.map((r) => r.destination.id)).toEqual([good.id])
    const body = { incidentId: rep.body.id, teamId: team.id, destinationId: full.id, person: { condition: 'ok' }, receivedBy: 'Pak Joko' }
    const refused = await s.call('POST', '/api/handovers', { role: 'team', teamId: team.id, body })
    expect(refused.status).toBe(409)
    expect(refused.body.error.code).toBe('destination_full')
    expect((await s.incident(rep.body.id)).status).toBe('transporting')
    const forced = await s.call('POST', '/api/handovers', { role: 'team', teamId: team.id, body: { ...body, overrideCapacity: true } })
    expect(forced.status).toBe(201)
    expect((await s.call('GET', `/api/destinations/${full.id}`, { role: 'dispatcher' })).body).toMatchObject({ occupancy: 2, capacity: 1 })
    expect(wrong.id).toBeTruthy()
  })
})

/**
 * Round trips of the hot path, counted with the driver's `debug` hook on a Postgres server:
 * a citizen's report, the offer reaching the team's phone, and the phone's receipt. Printed so
 * a reviewer sees the figure; asserted for the statements this path owns (the event-log append
 * is counted and printed apart).
 */
describe.skipIf(!process.env.TEST_DATABASE_URL)('round trips per report on postgres', () => {
  it('takes six statements of its own from a report to the phone’s receipt, besides appending and relaying events', async () => {
    const backend = BACKENDS.find((b) => b.name === 'postgres')!
    const opened = await backend.open()
    const seen: string[] = []
    let counting = false
    const db = await openPostgres(opened.url!, { max: 4, migrate: false, debug: (_c, q) => void (counting && seen.push(q.replace(/\s+/g, ' ').trim())) })
    const s = await startTestServer(
      backend,
      { ACK_TIMEOUT_S: 60 },
      {
        db,
        dispose: async () => {
          await db.close()
          await opened.dispose()
        },
      },
    )
    try {
      const team = await s.createTeam('RT1', near(300))
      const phone = await s.socket({ role: 'team', teamId: team.id })
      const offered = new Promise<void>((resolve) => phone.on('assignment:offer', (_o, ack) => (ack({ received: true }), resolve())))
      await s.app.services.teams.freeTeams() // loaded once per process, not per report
      await s.flush()
      counting = true
      const rep = await s.report({ location: near(0) })
      expect(rep.body.status).toBe('assigned')
      await offered
      await eventually(async () => (await opened.db.sql`select 1 from assignments where incident_id = ${rep.body.id} and delivered_at is not null`).length > 0, 'the receipt')
      await s.flush()
      counting = false
      // Appending to the log and relaying it (and the offer's re-reads) are the event path's own work.
      const isEventAppend = (q: string) => /insert into events|pg_advisory_xact_lock|pg_notify/i.test(q)
      const isRelay = (q: string) => /^select \* from events where seq|^select \* from assignments where ended_at is null and delivered_at is null|^select \* from incidents where id = \$1$/i.test(q)
      // The phone's own connection work can still be running when the report arrives (on a
      // loaded machine it has): its current cases, the access-log row for its subscription, and
      // the driver's one-time read of the array types. Not the report's statements.
      const isPhoneConnect = (q: string) =>
        /^select a\.incident_id from assignments a where a\.team_id = \$1 and a\.ended_at is null union|^insert into access_log|^select b\.oid, b\.typarray from pg_catalog\.pg_type/i.test(q)
      const append = seen.filter(isEventAppend)
      const relay = seen.filter(isRelay)
      const own = seen.filter((q) => !isEventAppend(q) && !isRelay(q) && !isPhoneConnect(q))
      console.log(
        `statements per report → offer → receipt: ${seen.length} (appending events ${append.length}, relaying and offer re-reads ${relay.length}, the rest ${own.length})\n  ${seen.join('\n  ')}`,
      )
      expect(own).toEqual(['begin', expect.stringMatching(/^with dups as/), 'commit', 'begin', expect.stringMatching(/^update assignments set delivered_at/), 'commit'])
    } finally {
      await s.close()
    }
  })
})
