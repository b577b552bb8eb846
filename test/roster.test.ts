import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { LogEvent } from '@shared/events.js'
import type { Team } from '@shared/teams.js'
import { BACKENDS } from './support/backends.js'
import { collect, DEPOK, eventually, startTestServer, TEST_PASSWORD, type ClientSocket, type TestServer } from './support/server.js'

/**
 * The duty roster (issue #10, item 2; decision 013). Depok's shifts (city.json): pagi 07:00,
 * siang 15:00, malam 23:00 WIB (UTC+7), i.e. 00:00Z, 08:00Z and 16:00Z. The clock is moved by
 * hand and the job (RosterService.tick, run every second by the server) is called by the test.
 */
describe.each(BACKENDS)('duty roster on $name', (backend) => {
  let s: TestServer
  let A: Team
  let B: Team
  let C: Team
  let memberA: { id: string }
  let supervisor: { id: string; token: string }
  let dispatchSocket: ClientSocket

  beforeAll(async () => {
    // The story runs over a day: sessions must outlast the 12-hour default.
    s = await startTestServer(backend, { SESSION_TTL_HOURS: 48 })
    // 2026-11-25 06:30 WIB: the night shift of the 24th.
    s.clock.set('2026-11-24T23:30:00Z')
    A = await s.createTeam('R-A', null, { onDuty: false })
    B = await s.createTeam('R-B', null, { onDuty: true })
    C = await s.createTeam('R-C', DEPOK, { onDuty: true })
    memberA = await s.app.services.auth.createUser({ username: 'anggota.a', displayName: 'Anggota A', role: 'team', teamId: A.id, password: TEST_PASSWORD })
    const sup = await s.app.services.auth.createUser({ username: 'kepala.regu', displayName: 'Kepala Regu', role: 'admin', password: TEST_PASSWORD })
    const login = await s.call('POST', '/api/auth/login', { body: { username: 'kepala.regu', password: TEST_PASSWORD, issueToken: true } })
    supervisor = { id: sup.id, token: login.body.token }
    dispatchSocket = await s.socket({ role: 'dispatcher' })
  })
  afterAll(async () => {
    await s?.close()
  })

  const lastSeq = async () => Number((await s.db.sql`select coalesce(max(seq), 0) as n from events`)[0]!.n)
  const eventsSince = async (seq: number) =>
    (await s.db.sql`select type, team_id, data, before, after from events where seq > ${seq} order by seq`).map((r) => ({
      type: r.type as string,
      teamId: r.team_id as string | null,
      data: r.data,
      before: r.before,
      after: r.after,
    }))
  const statusOf = async (t: Team) => (await s.team(t.id)).status
  const plan = (date: string, shift: string, body: unknown) => s.call('PUT', `/api/roster/${date}/${shift}`, { role: 'admin', body })
  const issuePaths = (body: any): string[] => (body?.error?.issues ?? []).map((i: { path: string }) => i.path)

  it('refuses a plan naming a shift, team, member or supervisor it may not, with 400 naming the field, and logs nothing', async () => {
    const mark = await lastSeq()
    const badShift = await plan('2026-11-25', 'subuh', { teams: [] })
    expect(badShift.status).toBe(400)
    expect(issuePaths(badShift.body)).toEqual(['path.shiftId'])
    const badDate = await plan('2026-02-30', 'pagi', { teams: [] })
    expect(badDate.status).toBe(400)
    expect(issuePaths(badDate.body)).toEqual(['path.date'])
    const dispatcherId = await s.userIdOf('dispatcher')
    const bad = await plan('2026-11-25', 'pagi', {
      supervisorId: memberA.id, // a team account cannot supervise
      teams: [
        { teamId: A.id, memberIds: [memberA.id, dispatcherId] }, // a dispatcher is not a member of team A
        { teamId: B.id, memberIds: [memberA.id] }, // team A's member in team B
        { teamId: '00000000-0000-4000-8000-000000000000', memberIds: [] },
      ],
    })
    expect(bad.status).toBe(400)
    expect(issuePaths(bad.body).sort()).toEqual(['supervisorId', 'teams.0.memberIds.1', 'teams.1.memberIds.0', 'teams.2.teamId'])
    const twice = await plan('2026-11-25', 'pagi', { teams: [{ teamId: A.id }, { teamId: A.id }] })
    expect(issuePaths(twice.body)).toEqual(['teams.1.teamId'])
    expect(await eventsSince(mark)).toEqual([])
  })

  it('writes each roster change as a roster.updated event with before and after, none when nothing changed, and shows it to staff but not to viewers', async () => {
    const viewer = await s.socket({ role: 'viewer' })
    const mark = await lastSeq()
    const body = { supervisorId: supervisor.id, teams: [{ teamId: A.id, memberIds: [memberA.id] }] }
    const r = await plan('2026-11-25', 'pagi', body)
    expect(r.status, JSON.stringify(r.body)).toBe(200)
    expect(r.body).toMatchObject({
      date: '2026-11-25',
      shiftId: 'pagi',
      startsAt: '2026-11-25T00:00:00.000Z',
      endsAt: '2026-11-25T08:00:00.000Z',
      planned: true,
      supervisor: { id: supervisor.id, displayName: 'Kepala Regu' },
      teams: [{ teamId: A.id, callSign: 'R-A', members: [{ id: memberA.id, displayName: 'Anggota A' }] }],
    })
    expect(await eventsSince(mark)).toEqual([
      {
        type: 'roster.updated',
        teamId: null,
        data: { date: '2026-11-25', shiftId: 'pagi' },
        before: null,
        after: { date: '2026-11-25', shiftId: 'pagi', supervisorId: supervisor.id, teams: [{ teamId: A.id, memberIds: [memberA.id] }] },
      },
    ])
    // The same plan again: nothing changed, nothing logged.
    expect((await plan('2026-11-25', 'pagi', body)).status).toBe(200)
    expect(await eventsSince(mark)).toHaveLength(1)
    // Siang: team A alone as well (B is not rostered after the morning either).
    expect((await plan('2026-11-25', 'siang', { teams: [{ teamId: A.id }] })).status).toBe(200)
    const second = (await eventsSince(mark))[1]!
    expect(second).toMatchObject({ type: 'roster.updated', before: null, after: { shiftId: 'siang', supervisorId: null } })
    await s.flush()
    await eventually(() => collect(dispatchSocket).filter((e) => e.type === 'roster.updated').length === 2, 'the dispatcher to see both roster changes')
    expect(collect(viewer).filter((e) => e.type === 'roster.updated')).toEqual([])
    // The week as the planning screen reads it.
    const week = await s.call('GET', '/api/roster?from=2026-11-25&to=2026-11-25', { role: 'dispatcher' })
    expect(week.status).toBe(200)
    expect(week.body.days.map((d: any) => [d.shiftId, d.planned, d.teams.map((t: any) => t.callSign)])).toEqual([
      ['pagi', true, ['R-A']],
      ['siang', true, ['R-A']],
      ['malam', false, []],
    ])
    expect((await s.call('GET', '/api/roster?from=2026-11-01&to=2026-12-31', { role: 'dispatcher' })).status).toBe(400)
  })

  it('puts the rostered teams on duty and the others off at the shift change, once; a team holding a case goes off duty when it ends', async () => {
    // C takes a case (the only on-duty team with a position).
    const rep = await s.report({ category: 'sick', location: DEPOK })
    expect(rep.status).toBe(201)
    const caseId = rep.body.id as string
    expect((await s.incident(caseId)).teamId).toBe(C.id)
    // The night shift was not planned: the first run applies it and changes no team.
    let mark = await lastSeq()
    await s.app.services.roster.tick()
    expect((await eventsSince(mark)).map((e) => e.type)).toEqual(['roster.shift_started'])
    expect([await statusOf(A), await statusOf(B), await statusOf(C)]).toEqual(['off_duty', 'available', 'assigned'])

    // 07:00:01 WIB: the morning shift begins.
    s.clock.set('2026-11-25T00:00:01Z')
    mark = await lastSeq()
    await s.app.services.roster.tick()
    const changed = await eventsSince(mark)
    expect(changed.at(-1)!.type).toBe('roster.shift_started')
    expect(
      changed
        .slice(0, -1)
        .map((e) => [e.type, e.teamId, e.data?.reason, e.after?.status])
        .sort(),
    ).toEqual(
      [
        ['team.status_changed', A.id, 'roster', 'available'],
        ['team.status_changed', B.id, 'roster', 'off_duty'],
      ].sort(),
    )
    expect(changed.at(-1)!.data).toEqual({ date: '2026-11-25', shiftId: 'pagi', planned: true, onDuty: [A.id], offDuty: [B.id], offAfterCase: [C.id] })
    expect([await statusOf(A), await statusOf(B), await statusOf(C)]).toEqual(['available', 'off_duty', 'assigned'])
    // Later in the same shift the job changes nothing.
    s.clock.set('2026-11-25T03:00:00Z')
    mark = await lastSeq()
    await s.app.services.roster.tick()
    expect(await eventsSince(mark)).toEqual([])

    // C's case ends: C goes off duty instead of taking the next case.
    const waiting = await s.report({ category: 'homeless', location: { lon: DEPOK.lon + 0.02, lat: DEPOK.lat } })
    expect((await s.incident(waiting.body.id)).status).toBe('reported') // A has no position yet
    for (const to of ['acknowledged', 'en_route', 'on_scene']) {
      expect((await s.call('POST', `/api/incidents/${caseId}/transitions`, { role: 'team', teamId: C.id, body: { to } })).status).toBe(200)
    }
    mark = await lastSeq()
    const closed = await s.call('POST', `/api/incidents/${caseId}/transitions`, { role: 'dispatcher', body: { to: 'closed', disposition: 'released_on_scene', note: 'pulang sendiri' } })
    expect(closed.status, JSON.stringify(closed.body)).toBe(200)
    expect(await statusOf(C)).toBe('off_duty')
    const offAfter = (await eventsSince(mark)).filter((e) => e.type === 'team.status_changed' && e.teamId === C.id)
    expect(offAfter.at(-1)).toMatchObject({ data: { reason: 'roster_after_case' }, after: { status: 'off_duty' } })
    expect((await s.incident(waiting.body.id)).status).toBe('reported')
  })

  it("holds a dispatcher's manual change until the next shift change", async () => {
    const put = await s.call('POST', `/api/teams/${B.id}/status`, { role: 'dispatcher', body: { status: 'available', onBehalfOfTeam: true } })
    expect(put.status).toBe(200)
    s.clock.set('2026-11-25T07:59:59Z')
    await s.app.services.roster.tick()
    expect(await statusOf(B)).toBe('available')
    // 15:00 WIB: the afternoon shift (team A only) takes B off again.
    s.clock.set('2026-11-25T08:00:00Z')
    await s.app.services.roster.tick()
    expect([await statusOf(A), await statusOf(B), await statusOf(C)]).toEqual(['available', 'off_duty', 'off_duty'])
  })

  it('raises the no-team-on-duty alarm to the dispatchers and the duty supervisor, and clears it when a team is back', async () => {
    const supSocket = await s.socket({ token: supervisor.token })
    const before = collect(dispatchSocket).length
    // The last team on duty goes off by hand.
    expect((await s.call('POST', `/api/teams/${A.id}/status`, { role: 'dispatcher', body: { status: 'off_duty', onBehalfOfTeam: true } })).status).toBe(200)
    await s.app.services.roster.tick()
    await s.flush()
    const raised = (e: LogEvent) => e.type === 'alarm.raised' && e.data.alarm === 'no_team_on_duty'
    await eventually(() => collect(dispatchSocket).slice(before).find(raised), 'the dispatcher to hear the alarm')
    await eventually(() => collect(supSocket).find(raised), 'the supervisor to hear the alarm')
    expect((await s.call('GET', '/api/roster/now', { role: 'call_taker' })).body).toMatchObject({ noTeamOnDuty: true, onDuty: [], current: { date: '2026-11-25', shiftId: 'siang' } })
    // Raised once, however often the job runs.
    await s.app.services.roster.tick()
    await s.flush()
    expect(collect(dispatchSocket).filter(raised)).toHaveLength(1)
    // A team back on duty clears it.
    expect((await s.call('POST', `/api/teams/${B.id}/status`, { role: 'dispatcher', body: { status: 'available', onBehalfOfTeam: true } })).status).toBe(200)
    await s.app.services.roster.tick()
    await s.flush()
    const cleared = (e: LogEvent) => e.type === 'alarm.cleared' && e.data.alarm === 'no_team_on_duty'
    await eventually(() => collect(dispatchSocket).find(cleared), 'the dispatcher to hear the alarm cleared')
    await eventually(() => collect(supSocket).find(cleared), 'the supervisor to hear the alarm cleared')
    expect((await s.call('GET', '/api/roster/now', { role: 'dispatcher' })).body.noTeamOnDuty).toBe(false)
  })

  it('shows the incoming shift the handover note the outgoing one wrote', async () => {
    const mark = await lastSeq()
    const bad = await s.call('PUT', '/api/roster/2026-11-25/siang/note', { role: 'dispatcher', body: { text: 'a\u0000b' } })
    expect(bad.status).toBe(400)
    expect(issuePaths(bad.body)).toEqual(['text'])
    const w = await s.call('PUT', '/api/roster/2026-11-25/siang/note', { role: 'dispatcher', body: { text: 'Kasus di Jl. Margonda menunggu tim.' } })
    expect(w.status, JSON.stringify(w.body)).toBe(200)
    expect(await eventsSince(mark)).toMatchObject([{ type: 'roster.note_written', data: { date: '2026-11-25', shiftId: 'siang', text: 'Kasus di Jl. Margonda menunggu tim.' } }])
    // 23:00 WIB: the night shift reads it.
    s.clock.set('2026-11-25T16:00:00Z')
    const now = await s.call('GET', '/api/roster/now', { role: 'dispatcher' })
    expect(now.body).toMatchObject({ current: { date: '2026-11-25', shiftId: 'malam' }, previousNote: { shiftId: 'siang', text: 'Kasus di Jl. Margonda menunggu tim.', byName: 'test-dispatcher' } })
  })
})
