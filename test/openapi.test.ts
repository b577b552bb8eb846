import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BACKENDS } from './support/backends.js'
import { startTestServer, type TestServer } from './support/server.js'

/** "GET /api/incidents/:id" for each route the Hono app serves under /api (middleware aside). */
function served(s: TestServer): string[] {
  const routes = s.app.hono.routes.filter((r) => r.method !== 'ALL' && r.path.startsWith('/api/'))
  return [...new Set(routes.map((r) => `${r.method} ${r.path}`))].sort()
}

/** The same for each operation the OpenAPI document lists, `{id}` written back as `:id`. */
function documented(doc: { paths: Record<string, Record<string, unknown>> }): string[] {
  const ops = Object.entries(doc.paths).flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`))
  return [...new Set(ops)].sort()
}

// The routes do not depend on the database: one backend is enough.
describe('the OpenAPI document', () => {
  let s: TestServer
  beforeAll(async () => {
    s = await startTestServer(BACKENDS[0]!)
  })
  afterAll(async () => {
    await s?.close()
  })

  it('lists every route the server answers under /api, with its method and path, and nothing it does not answer', async () => {
    const res = await s.call('GET', '/api/openapi.json')
    expect(res.status).toBe(200)
    const routes = served(s)
    expect(routes.length).toBeGreaterThan(60)
    expect(documented(res.body)).toEqual(routes)
  })
})
