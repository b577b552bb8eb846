import { randomBytes, randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TeamPositionUpdate } from '@shared/events.js'
import { sessionsRepository, usersRepository } from '../server/auth/auth.repository.js'
import { SESSION_CACHE_MS } from '../server/auth/auth.service.js'
import { hashPassword } from '../server/auth/passwords.js'
import { sessionIdOf } from '../server/http/identity.js'
import { BACKENDS } from './support/backends.js'
import { eventually, near, startTestServer, TEST_PASSWORD, type ClientSocket, type TestServer } from './support/server.js'

const TEAMS = 200
const FIXES_PER_TEAM = 5

describe.each(BACKENDS)('team positions and sessions on $name', (backend) => {
  let s: TestServer
  beforeAll(async () => {
    s = await startTestServer(backend)
  })
  afterAll(async () => {
    await s?.close()
  })

  /**
   * Team member accounts with signed-in sessions, stored the way a sign-in stores them. 200
   * sign-ins through the API would spend most of the test hashing passwords (scrypt).
   */
  async function teamPhones(teamIds: string[]): Promise<ClientSocket[]> {
    const passwordHash = await hashPassword(TEST_PASSWORD)
    const now = s.clock.now()
    return Promise.all(
      teamIds.map(async (teamId, i) => {
        const user = await usersRepository.insert(s.db.sql, { id: randomUUID(), username: `phone-${i}-${teamId.slice(0, 6)}`, displayName: `Phone ${i}`, role: 'team', teamId, passwordHash }, now)
        const token = randomBytes(32).toString('base64url')
        await sessionsRepository.insert(s.db.sql, { id: sessionIdOf(token), userId: user.id, csrfToken: 'unused', expiresAt: new Date(now.getTime() + 3_600_000) }, now)
        return s.socket({ token })
      }),
    )
  }

  it('gives a dispatcher screen every team’s latest position when 200 teams post quickly', async () => {
    const teams = await Promise.all(Array.from({ length: TEAMS }, (_, i) => s.call('POST', '/api/teams', { role: 'admin', body: { callSign: `P${i}`, name: `Team P${i}`, onDuty: true } })))
    const ids = teams.map((t) => t.body.id as string)
    const phones = await teamPhones(ids)
    const dispatcher = await s.socket({ role: 'dispatcher' })
    const screen = new Map<string, TeamPositionUpdate['position']>()
    let batches = 0
    dispatcher.on('team:positions', (batch) => {
      batches++
      for (const u of batch) screen.set(u.teamId, u.position)
    })

    const base = s.clock.now().getTime()
    const fixOf = (i: number, k: number) => ({ ...near(10 * i, 10 * k), accuracyM: 5, deviceTime: new Date(base + k * 1000).toISOString() })
    // Every phone sends its fixes back to back, all phones at once.
    const acks = await Promise.all(
      phones.map(async (phone, i) => {
        const out = []
        for (let k = 0; k < FIXES_PER_TEAM; k++) out.push(await phone.emitWithAck('team:position', fixOf(i, k)))
        return out
      }),
    )
    expect(acks.flat().every((a) => a.ok)).toBe(true)

    const last = (i: number) => fixOf(i, FIXES_PER_TEAM - 1)
    const behind = () => ids.filter((id, i) => screen.get(id)?.lon !== last(i).lon || screen.get(id)?.lat !== last(i).lat)
    await eventually(() => behind().length === 0, `every team's latest position on the screen (${behind().length} behind)`, 20_000)
    for (const [i, id] of ids.entries()) expect(screen.get(id)).toMatchObject({ lon: last(i).lon, lat: last(i).lat, deviceTime: last(i).deviceTime, stale: false })
    // Coalesced: far fewer messages than the 1,000 fixes.
    expect(batches).toBeLessThan(TEAMS * FIXES_PER_TEAM)
    for (const p of phones) p.disconnect()
  })

  it('stores every fix of many sent at once, out of order, and leaves each team at the fix its phone took last', async () => {
    const ids = (await Promise.all(Array.from({ length: 20 }, (_, i) => s.call('POST', '/api/teams', { role: 'admin', body: { callSign: `Q${i}`, name: `Team Q${i}`, onDuty: true } })))).map(
      (t) => t.body.id as string,
    )
    const base = s.clock.now().getTime()
    // Five fixes per team, all in flight at once, the newest (k = 4) sent first.
    const sent = ids.flatMap((id, i) => [4, 2, 0, 3, 1].map((k) => ({ id, fix: { ...near(10 * i, 10 * k), accuracyM: 5, deviceTime: new Date(base - (4 - k) * 1000).toISOString() } })))
    const results = await Promise.all(sent.map(({ id, fix }) => s.call('POST', `/api/teams/${id}/positions`, { role: 'team', teamId: id, body: fix })))
    expect(results.map((r) => r.status)).toEqual(sent.map(() => 200))
    // The answer is a receipt, not the team: the fix as kept and when it was received.
    expect(results[0]!.body).toEqual({ teamId: sent[0]!.id, deviceTime: sent[0]!.fix.deviceTime, receivedAt: s.clock.now().toISOString() })
    for (const [i, id] of ids.entries()) {
      const newest = near(10 * i, 40)
      expect((await s.team(id)).position).toMatchObject({ lon: newest.lon, lat: newest.lat, deviceTime: new Date(base).toISOString() })
    }
    const [row] = await s.db.sql`select count(*)::int as n from team_positions where team_id in ${s.db.sql(ids)}`
    expect(row?.n).toBe(100)
  })

  it('trusts a checked session briefly, so a session ended by another process is refused within the cache bound', async () => {
    const user = await s.app.services.auth.createUser({ username: 'cached', displayName: 'Cached', role: 'dispatcher', password: TEST_PASSWORD })
    const res = await fetch(`${s.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'cached', password: TEST_PASSWORD, issueToken: true }),
    })
    const h = { Authorization: `Bearer ${((await res.json()) as { token: string }).token}` }
    expect((await fetch(`${s.url}/api/teams`, { headers: h })).status).toBe(200)
    // Another process disables the account: only the shared database changes.
    await s.db.sql`update users set disabled_at = now() where id = ${user.id}`
    expect((await fetch(`${s.url}/api/teams`, { headers: h })).status).toBe(200)
    s.clock.advance(SESSION_CACHE_MS + 1)
    expect((await fetch(`${s.url}/api/teams`, { headers: h })).status).toBe(401)
  })

  it('refuses a logged-out or disabled session at once on this process despite the cache', async () => {
    const user = await s.app.services.auth.createUser({ username: 'leaving', displayName: 'Leaving', role: 'dispatcher', password: TEST_PASSWORD })
    const signIn = async () => {
      const res = await fetch(`${s.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'leaving', password: TEST_PASSWORD, issueToken: true }),
      })
      return { Authorization: `Bearer ${((await res.json()) as { token: string }).token}` }
    }
    const first = await signIn()
    expect((await fetch(`${s.url}/api/teams`, { headers: first })).status).toBe(200)
    expect((await fetch(`${s.url}/api/auth/logout`, { method: 'POST', headers: first })).status).toBe(200)
    expect((await fetch(`${s.url}/api/teams`, { headers: first })).status).toBe(401)

    const second = await signIn()
    expect((await fetch(`${s.url}/api/teams`, { headers: second })).status).toBe(200)
    expect((await s.call('PATCH', `/api/users/${user.id}`, { role: 'admin', body: { disabled: true } })).status).toBe(200)
    expect((await fetch(`${s.url}/api/teams`, { headers: second })).status).toBe(401)
  })
})
