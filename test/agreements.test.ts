import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BACKENDS } from './support/backends.js'
import { near, startTestServer, type Role, type TestServer } from './support/server.js'

/** A tiny real PNG (1×1) and the start of a real PDF: what a phone photo or a scanner sends. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64')
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n')
const MAX = 4096

describe.each(BACKENDS)('the signed release agreement on $name', (backend) => {
  let s: TestServer
  let rpsA: string
  let rpsB: string
  let teamId: string
  const upload = async (stayId: string, bytes: Uint8Array, role: Role, destinationId?: string) => {
    const res = await fetch(`${s.url}/api/stays/${stayId}/agreement`, {
      method: 'POST',
      headers: { ...(await s.headersFor(role, destinationId)), 'Content-Type': 'application/octet-stream' },
      body: new Blob([new Uint8Array(bytes)]),
    })
    const text = await res.text()
    return { status: res.status, body: text ? JSON.parse(text) : null }
  }
  const download = async (stayId: string, role: Role, destinationId?: string) => fetch(`${s.url}/api/stays/${stayId}/agreement`, { headers: await s.headersFor(role, destinationId) })
  const stayAt = async (destinationId: string, name: string) => {
    const person = (await s.call('POST', '/api/people', { role: 'dispatcher', body: { name, sex: 'female' } })).body
    const stay = await s.call('POST', '/api/stays', { role: 'dispatcher', body: { personId: person.id, destinationId } })
    expect(stay.status, JSON.stringify(stay.body)).toBe(201)
    return stay.body.id as string
  }
  const release = (stayId: string, destinationId: string) =>
    s.call('POST', `/api/stays/${stayId}/check-out`, {
      role: 'facility',
      teamId: destinationId,
      body: { outcome: 'released_to_family', family: { name: 'Bapak Hadi', relationship: 'ayah', address: 'Jl. Melati 2, Cimanggis' } },
    })

  beforeAll(async () => {
    s = await startTestServer(backend, { MAX_PHOTO_BYTES: MAX })
    const dest = async (name: string) =>
      (await s.call('POST', '/api/destinations', { role: 'admin', body: { name, kind: 'rps', location: near(900), capacity: 10, accepts: ['homeless'] } })).body.id as string
    rpsA = await dest('RPS Agreement A')
    rpsB = await dest('RPS Agreement B')
    teamId = (await s.createTeam('AGR-1', near(0))).id
  })
  afterAll(async () => {
    await s?.close()
  })

  it('takes the scan at a release to family, shows it on the stay and serves it only to those who may see it, logging every read', async () => {
    const stayId = await stayAt(rpsA, 'Siti Aminah')
    // Not before the release: the agreement belongs to one.
    expect((await upload(stayId, PNG, 'facility', rpsA)).status).toBe(409)
    expect((await release(stayId, rpsA)).status).toBe(200)

    // A web page renamed to .pdf is not a scan: 400 naming the field, nothing stored.
    const fake = await upload(stayId, Buffer.from('<html><body>surat-persetujuan.pdf</body></html>'), 'facility', rpsA)
    expect(fake.status).toBe(400)
    expect(fake.body.error.issues[0].path).toBe('agreement')
    expect((await download(stayId, 'dispatcher')).status).toBe(404)
    // Too large: refused before it is read.
    expect((await upload(stayId, Buffer.concat([PDF, Buffer.alloc(MAX)]), 'facility', rpsA)).status).toBe(413)
    // Another facility's staff may not attach one.
    expect((await upload(stayId, PNG, 'facility', rpsB)).status).toBe(403)

    const ok = await upload(stayId, PNG, 'facility', rpsA)
    expect(ok.status, JSON.stringify(ok.body)).toBe(201)
    expect(ok.body.outcomeDetails).toMatchObject({ family: { name: 'Bapak Hadi' }, agreement: { contentType: 'image/png', size: PNG.length } })
    const shown = await s.call('GET', `/api/stays/${stayId}`, { role: 'facility', teamId: rpsA })
    expect(shown.body.outcomeDetails.agreement).toEqual({ contentType: 'image/png', size: PNG.length, uploadedAt: s.clock.now().toISOString() })

    for (const [role, dest] of [['facility', rpsA], ['dispatcher'], ['admin']] as const) {
      const res = await download(stayId, role, dest)
      expect(res.status, role).toBe(200)
      expect(res.headers.get('content-type')).toBe('image/png')
      expect(res.headers.get('cache-control')).toBe('private, no-store')
      expect(Buffer.from(await res.arrayBuffer()).equals(PNG)).toBe(true)
    }
    for (const [role, id] of [['facility', rpsB], ['viewer'], ['call_taker'], ['team', teamId]] as const) {
      const res = await download(stayId, role as Role, id)
      expect(res.status, `${role} ${id ?? ''}`).toBe(403)
    }
    const reads = await s.db.sql`select role from access_log where action = 'agreement' and ${stayId}::uuid = any(record_ids) order by id`
    expect(reads.map((r) => r.role)).toEqual(['facility', 'dispatcher', 'admin'])

    // A better scan replaces the photo; the log says it was added, not what it shows.
    expect((await upload(stayId, PDF, 'dispatcher')).status).toBe(201)
    expect((await download(stayId, 'dispatcher')).headers.get('content-type')).toBe('application/pdf')
    const events = await s.db.sql`select type, data from events where type = 'stay.agreement_added' and data->>'stayId' = ${stayId} order by seq`
    expect(events.map((e) => e.data.contentType)).toEqual(['image/png', 'application/pdf'])
    expect(JSON.stringify(events)).not.toMatch(/Hadi|Siti/)
  })
})
