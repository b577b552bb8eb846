import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BACKENDS } from './support/backends.js'
import { near, startTestServer, type TestServer } from './support/server.js'

// A real 1×1 JPEG.
const JPEG = Buffer.from(
  '/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=',
  'base64',
)

describe.each(BACKENDS)('the client address behind a trusted proxy on $name', (backend) => {
  let s: TestServer
  beforeAll(async () => {
    s = await startTestServer(backend, { TRUST_PROXY: ['loopback'], REPORTS_PER_IP_PER_HOUR: 2 })
  })
  afterAll(async () => {
    await s?.close()
  })

  it('does not give a fresh rate-limit bucket for a forged left-most X-Forwarded-For entry', async () => {
    // The proxy (loopback) appends the address it saw; the client may write anything before it.
    const from = (forged: string) => ({ 'X-Forwarded-For': `${forged}, 203.0.113.20` })
    expect((await s.report({}, from('10.0.0.1'))).status).toBe(201)
    expect((await s.report({}, from('10.0.0.2'))).status).toBe(201)
    const third = await s.report({}, from('10.0.0.3'))
    expect(third.status).toBe(429)
    expect(third.body.error?.code).toBe('rate_limited')
    // Another real client behind the same proxy has its own bucket.
    expect((await s.report({}, { 'X-Forwarded-For': '203.0.113.21' })).status).toBe(201)
  })
})

describe.each(BACKENDS)('the per-phone limit on $name', (backend) => {
  let s: TestServer
  beforeAll(async () => {
    s = await startTestServer(backend, { REPORTS_PER_PHONE_PER_HOUR: 3 })
  })
  afterAll(async () => {
    await s?.close()
  })

  it('counts 0812…, 62812…, +62812… and 0062812… as one number, and stores it as +62…', async () => {
    const spellings = ['0812-3456-7001', '6281234567001', '+62 812 3456 7001', '0062 812 3456 7001']
    const results = []
    for (const phone of spellings) results.push(await s.report({ reporter: { phone } }))
    expect(results.map((r) => r.status)).toEqual([201, 201, 201, 429])
    expect(results[3]!.body.error?.message).toMatch(/phone number/)
    const stored = await s.incident(results[0]!.body.id)
    expect(stored.reporter).toEqual({ phone: '+6281234567001' })
  })

  it('stores the call-taker’s caller number as +62… too', async () => {
    const r = await s.call('POST', '/api/incidents/call-taker', { role: 'call_taker', body: { category: 'sick', location: near(0), reporter: { name: 'Bu Ani', phone: '0857 1111 2222' } } })
    expect(r.status).toBe(201)
    expect(r.body.reporter).toEqual({ name: 'Bu Ani', phone: '+6285711112222' })
  })

  it('refuses a number that cannot be a phone number with 400 naming the field', async () => {
    for (const [path, body, role] of [
      ['/api/incidents', { category: 'sick', location: near(0), reporter: { phone: '0812' } }, undefined],
      ['/api/incidents/call-taker', { category: 'sick', location: near(0), reporter: { name: 'X', phone: 'call me later' } }, 'call_taker'],
    ] as const) {
      const r = await s.call('POST', path, { role, body })
      expect(r.status, path).toBe(400)
      expect(r.body.error.issues.map((i: { path: string }) => i.path)).toContain('reporter.phone')
    }
  })
})

describe.each(BACKENDS)('the photo limit per report on $name', (backend) => {
  let s: TestServer
  beforeAll(async () => {
    s = await startTestServer(backend)
  })
  afterAll(async () => {
    await s?.close()
  })

  it('stores exactly three of 30 concurrent uploads and refuses the rest with 409 conflict', async () => {
    const report = await s.report({ description: 'photos race' })
    expect(report.status).toBe(201)
    const upload = () =>
      fetch(`${s.url}/api/incidents/${report.body.id}/photo`, {
        method: 'POST',
        headers: { 'content-type': 'image/jpeg', 'X-TRC-Tracking-Code': report.body.trackingCode },
        body: new Uint8Array(JPEG),
      }).then(async (r) => ({ status: r.status, body: (await r.json()) as any }))
    const results = await Promise.all(Array.from({ length: 30 }, upload))
    expect(results.filter((r) => r.status === 201)).toHaveLength(3)
    const refused = results.filter((r) => r.status !== 201)
    expect(refused).toHaveLength(27)
    for (const r of refused) {
      expect(r.status).toBe(409)
      expect(r.body.error.code).toBe('conflict')
      expect(r.body.error.message).toMatch(/at most 3 photos/)
    }
    const listed = await s.call('GET', `/api/incidents/${report.body.id}/photos`, { role: 'dispatcher' })
    expect(listed.body).toHaveLength(3)
  })
})
