import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../server/app.js'
import { testConfig } from '../server/config.js'
import { createLogger } from '../server/logger.js'
import { BACKENDS } from './support/backends.js'
import { near, startTestServer, type TestServer } from './support/server.js'

describe.each(BACKENDS)('operations on $name', (backend) => {
  let s: TestServer
  beforeAll(async () => {
    s = await startTestServer(backend)
  })
  afterAll(async () => {
    await s?.close()
  })

  it('lets a team go off duty only when it holds no case', async () => {
    const spare = await s.createTeam('SPARE', near(0), { onDuty: false })
    const on = await s.call('POST', `/api/teams/${spare.id}/status`, { role: 'team', teamId: spare.id, body: { status: 'available' } })
    expect(on.body.status).toBe('available')
    const off = await s.call('POST', `/api/teams/${spare.id}/status`, { role: 'team', teamId: spare.id, body: { status: 'off_duty' } })
    expect(off.body.status).toBe('off_duty')

    await s.report({ location: near(10), category: 'disability' })
    const busy = await s.createTeam('DUTY', near(0))
    expect((await s.team(busy.id)).currentIncidentId).toBeTruthy()
    const refused = await s.call('POST', `/api/teams/${busy.id}/status`, { role: 'team', teamId: busy.id, body: { status: 'off_duty' } })
    expect(refused.status).toBe(409)
    expect(refused.body.error.message).toMatch(/cannot become off_duty/)
    const notMine = await s.call('POST', `/api/teams/${busy.id}/status`, { role: 'team', teamId: spare.id, body: { status: 'available' } })
    expect(notMine.status).toBe(403)
  })

  it('answers /health and /ready', async () => {
    expect((await s.call('GET', '/health')).body).toEqual({ status: 'ok' })
    expect((await s.call('GET', '/ready')).body).toEqual({ status: 'ready', database: backend.name })
  })

  it('publishes an OpenAPI document built from the zod schemas', async () => {
    const doc = (await s.call('GET', '/api/openapi.json')).body
    expect(doc.openapi).toBe('3.1.0')
    const report = doc.paths['/api/incidents'].post
    const schema = report.requestBody.content['application/json'].schema
    expect(schema.properties.category.enum).toEqual(['homeless', 'sick', 'odgj', 'elderly', 'street_child', 'disability', 'other'])
    expect(schema.required).toEqual(expect.arrayContaining(['category', 'location']))
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/incidents/{id}/transitions', '/api/handovers', '/api/teams/{id}/positions', '/api/track/{code}']))
  })

  it('keeps the event log and the access log append-only, even for the database owner', async () => {
    await s.report()
    await expect(s.db.sql`update events set type = 'x'`).rejects.toThrow(/append-only/)
    await expect(s.db.sql`delete from events`).rejects.toThrow(/append-only/)
    // Row triggers fire only on rows: make one (a dispatcher reading a report logs the read).
    const rep = await s.report()
    await s.call('GET', `/api/incidents/${rep.body.id}`, { role: 'dispatcher' })
    await expect(s.db.sql`delete from access_log`).rejects.toThrow(/access_log is append-only/)
  })
})

describe('structured logs', () => {
  it('write one JSON line per request with a request id and no personal data', async () => {
    const lines: string[] = []
    const opened = await BACKENDS[0]!.open()
    const app = createApp({ db: opened.db, config: testConfig(), logger: createLogger('info', (l) => lines.push(l)) })
    const { url } = await app.listen(0, '127.0.0.1')
    try {
      const res = await fetch(`${url}/api/incidents?secret=1`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ category: 'sick', location: near(0), reporter: { name: 'Siti Aminah', phone: '081299998888' }, description: 'Siti is pale' }),
      })
      expect(res.status).toBe(201)
      const rid = res.headers.get('X-Request-Id')
      expect(rid).toBeTruthy()
      const entries = lines.map((l) => JSON.parse(l))
      const entry = entries.find((e) => e.msg === 'request' && e.requestId === rid)
      expect(entry).toMatchObject({ level: 'info', method: 'POST', status: 201 })
      expect(lines.join('\n')).not.toMatch(/Siti|0812999|secret/)
    } finally {
      await app.close()
      await opened.dispose()
    }
  })
})
