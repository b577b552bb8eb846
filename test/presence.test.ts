import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { TeamPresenceUpdate } from '@shared/events.js'
import type { Team } from '@shared/teams.js'
import { BACKENDS, databasePerFile } from './support/backends.js'
import { eventually, near, startTestServer, type ClientSocket, type TestServer } from './support/server.js'

const presenceOf = (sock: ClientSocket) => {
  const seen: TeamPresenceUpdate[] = []
  sock.on('team:presence', (u) => seen.push(u))
  return seen
}

describe.each(BACKENDS)('team phone presence on $name', (backend) => {
  const servers: TestServer[] = []
  // The auto-assignment tests each start a server with their own settings on one database for
  // the file, emptied before each (a new database per test cost seconds).
  const database = databasePerFile(backend)
  const start = async (overrides: Parameters<typeof startTestServer>[1] = {}, shared?: TestServer) => {
    const s = await startTestServer(backend, overrides, shared ? { db: shared.db, dispose: async () => {} } : await database.fresh())
    servers.push(s)
    return s
  }
  let s: TestServer
  beforeAll(async () => {
    // The first tests' server, on a database of its own.
    s = await startTestServer(backend)
    servers.push(s)
  })
  afterEach(async () => {
    // Servers started by one test (sharing or not sharing s's database) end with it.
    for (const other of servers.splice(1).reverse()) await other.close()
  })
  afterAll(async () => {
    await s?.close()
    await database.close()
  })

  const listed = async (server: TestServer, teamId: string) => ((await server.call<Team[]>('GET', '/api/teams', { role: 'dispatcher' })).body as Team[]).find((t) => t.id === teamId)

  it('knows when a team’s phone connects and goes, and tells the consoles', async () => {
    const team = await s.createTeam('PR-1', near(100))
    const console = await s.socket({ role: 'dispatcher' })
    const heard = presenceOf(console)
    expect((await listed(s, team.id))?.phoneConnected).toBe(false)

    const phone = await s.socket({ role: 'team', teamId: team.id })
    await eventually(() => heard.find((u) => u.teamId === team.id && u.connected), 'connected announced')
    expect((await listed(s, team.id))?.phoneConnected).toBe(true)

    phone.disconnect()
    await eventually(() => heard.find((u) => u.teamId === team.id && !u.connected), 'gone announced')
    expect((await listed(s, team.id))?.phoneConnected).toBe(false)
  })

  // PGlite serves one process; across processes, presence travels over Postgres NOTIFY.
  it.skipIf(backend.name !== 'postgres')('counts a phone on another server process, tells this one’s consoles, and forgets it when that process goes quiet', async () => {
    const other = await start({}, s)
    const team = await s.createTeam('PR-2', near(200))
    const console = await s.socket({ role: 'dispatcher' })
    const heard = presenceOf(console)
    // The team's session (made through s) is in the shared database: the other process accepts it.
    const token = (await s.headersFor('team', team.id)).Authorization!.slice('Bearer '.length)
    const phone = await other.socket({ token })
    await eventually(() => heard.find((u) => u.teamId === team.id && u.connected), 'connected announced across processes')
    expect((await listed(s, team.id))?.phoneConnected).toBe(true)

    // The other process stops announcing (it died): after three heartbeats the phone is gone.
    s.clock.advance(3 * s.app.deps.config.PRESENCE_HEARTBEAT_S * 1000 + 1000)
    expect((await listed(s, team.id))?.phoneConnected).toBe(false)
    await other.app.realtime!.presence.heartbeat()
    await eventually(async () => (await listed(s, team.id))?.phoneConnected, 'back after a heartbeat')

    phone.disconnect()
    await eventually(() => heard.find((u) => u.teamId === team.id && !u.connected), 'gone announced across processes')
    expect((await listed(s, team.id))?.phoneConnected).toBe(false)
  })

  describe('auto-assignment', () => {
    it('prefers a farther team whose phone is connected to a nearer one whose phone is closed (ASSIGN_REACHABLE=prefer)', async () => {
      const p = await start({ ASSIGN_REACHABLE: 'prefer' })
      const closed = await p.createTeam('NEAR-CLOSED', near(100))
      const open = await p.createTeam('FAR-OPEN', near(2000))
      await p.socket({ role: 'team', teamId: open.id })
      await eventually(async () => (await listed(p, open.id))?.phoneConnected, 'connected')
      const rep = await p.report({ location: near(0) })
      expect((await p.incident(rep.body.id)).teamId).toBe(open.id)
      // With no connected team left free, the nearest still gets the case.
      const rep2 = await p.report({ category: 'homeless', location: near(50), description: 'second case, another kind' })
      expect((await p.incident(rep2.body.id)).teamId).toBe(closed.id)
    })

    it('prefers a connected team only within ASSIGN_REACHABLE_EXTRA_KM of the nearest: farther than that, the nearest gets the case', async () => {
      const p = await start({ ASSIGN_REACHABLE: 'prefer', ASSIGN_REACHABLE_EXTRA_KM: 1 })
      const closed = await p.createTeam('BOUND-NEAR-CLOSED', near(100))
      const open = await p.createTeam('BOUND-FAR-OPEN', near(2000))
      await p.socket({ role: 'team', teamId: open.id })
      await eventually(async () => (await listed(p, open.id))?.phoneConnected, 'connected')
      // 1.9 km farther than the nearest: beyond the 1 km allowed.
      const rep = await p.report({ location: near(0) })
      expect((await p.incident(rep.body.id)).teamId).toBe(closed.id)
      // A case nearer the connected team: it is within the bound, and gets it.
      const rep2 = await p.report({ category: 'homeless', location: near(1500), description: 'closer to the open team' })
      expect((await p.incident(rep2.body.id)).teamId).toBe(open.id)
    })

    it('never auto-assigns to a team whose phone is closed when ASSIGN_REACHABLE=only', async () => {
      const p = await start({ ASSIGN_REACHABLE: 'only' })
      const team = await p.createTeam('ONLY-CLOSED', near(100))
      const rep = await p.report({ location: near(0) })
      expect(await p.incident(rep.body.id)).toMatchObject({ status: 'reported', teamId: null })
      // The phone connects and the team comes on duty again: it is offered the waiting case.
      await p.socket({ role: 'team', teamId: team.id })
      await eventually(async () => (await listed(p, team.id))?.phoneConnected, 'connected')
      await p.call('POST', `/api/teams/${team.id}/status`, { role: 'team', teamId: team.id, body: { status: 'off_duty' } })
      await p.call('POST', `/api/teams/${team.id}/status`, { role: 'team', teamId: team.id, body: { status: 'available' } })
      await eventually(async () => (await p.incident(rep.body.id)).teamId === team.id, 'assigned once reachable')
    })

    it('looks at distance alone when ASSIGN_REACHABLE=ignore', async () => {
      const p = await start({ ASSIGN_REACHABLE: 'ignore' })
      const closed = await p.createTeam('IGN-NEAR', near(100))
      const open = await p.createTeam('IGN-FAR', near(2000))
      await p.socket({ role: 'team', teamId: open.id })
      await eventually(async () => (await listed(p, open.id))?.phoneConnected, 'connected')
      const rep = await p.report({ location: near(0) })
      expect((await p.incident(rep.body.id)).teamId).toBe(closed.id)
    })
  })
})
