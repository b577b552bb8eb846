import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { queueCursorOf, type Incident, type IncidentCounts } from '@shared/incidents.js'
import { BACKENDS } from './support/backends.js'
import { near, startTestServer, type TestServer } from './support/server.js'

const URGENT = { unconscious: false, injured: true, child: false, badWeather: false, aggressive: false }
const CRITICAL = { ...URGENT, unconscious: true }

describe.each(BACKENDS)('open-case counts and the paged queue on $name', (backend) => {
  let s: TestServer
  beforeAll(async () => {
    s = await startTestServer(backend)
    // One team, busy with the first case; everything after it waits.
    await s.createTeam('BUSY', near(0))
    expect((await s.report({ location: near(10) })).body.status).toBe('assigned')
    const answers = [undefined, URGENT, CRITICAL]
    for (let i = 0; i < 23; i++) {
      // Same reported time for several cases, so paging must break ties by id.
      if (i % 3 === 0) s.clock.advance(1000)
      const r = await s.report({ category: 'homeless', location: near(-2000 - 150 * i, 1500), answers: answers[i % 3] })
      expect(r.body.status).toBe('reported')
    }
  })
  afterAll(async () => {
    await s?.close()
  })

  it('counts every open case on the server, waiting by priority and active by status', async () => {
    const res = await s.call('GET', '/api/incidents/counts', { role: 'dispatcher' })
    expect(res.status).toBe(200)
    expect(res.body as IncidentCounts).toEqual({ waiting: { total: 23, byPriority: { critical: 7, high: 8, normal: 8 } }, active: { total: 1, byStatus: { assigned: 1 } } })
    expect((await s.call('GET', '/api/incidents/counts')).status).toBe(401)
  })

  it('pages through the waiting queue in queue order, without skipping or repeating a case', async () => {
    const all = (await s.call('GET', '/api/incidents/queue', { role: 'dispatcher' })).body as Incident[]
    expect(all).toHaveLength(23)
    const paged: Incident[] = []
    let after: string | null = null
    for (let guard = 0; guard < 10; guard++) {
      const res: { status: number; body: Incident[] } = await s.call('GET', `/api/incidents/queue?limit=5${after ? `&after=${encodeURIComponent(after)}` : ''}`, { role: 'dispatcher' })
      expect(res.status).toBe(200)
      paged.push(...res.body)
      if (res.body.length < 5) break
      after = queueCursorOf(res.body[res.body.length - 1]!)
    }
    expect(paged.map((i) => i.id)).toEqual(all.map((i) => i.id))
    expect(paged.map((i) => i.priority).slice(0, 7)).toEqual(Array(7).fill('critical'))
  })

  it('refuses a malformed page request with a 400 naming the field', async () => {
    const bad = await s.call('GET', '/api/incidents/queue?after=urgent,yesterday,x', { role: 'dispatcher' })
    expect(bad.status).toBe(400)
    expect(bad.body.error.issues[0].path).toMatch(/^query\.after/)
    const big = await s.call('GET', '/api/incidents/queue?limit=100000', { role: 'dispatcher' })
    expect(big.status).toBe(400)
    expect(big.body.error.issues[0].path).toBe('query.limit')
  })

  it('documents the counts and the queue page in OpenAPI', async () => {
    const doc = (await s.call('GET', '/api/openapi.json')).body
    expect(doc.paths['/api/incidents/counts'].get).toBeDefined()
    expect(doc.paths['/api/incidents/queue'].get.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['limit', 'after']))
  })
})
