import { inflateSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BACKENDS } from './support/backends.js'
import { handOver, pickedUp } from './support/pickup.js'
import { near, startTestServer, type TestServer } from './support/server.js'

/** The text a PDF draws: pdf-lib writes standard-font text as hex strings in deflated content streams. */
function drawnText(pdf: Buffer): string {
  let out = ''
  const raw = pdf.toString('latin1')
  for (const m of raw.matchAll(/stream\r?\n/g)) {
    const start = m.index! + m[0].length
    const end = raw.indexOf('endstream', start)
    try {
      const body = inflateSync(pdf.subarray(start, end)).toString('latin1')
      for (const h of body.matchAll(/<([0-9A-Fa-f]+)>\s*Tj/g)) out += Buffer.from(h[1]!, 'hex').toString('latin1') + '\n'
    } catch {
      // Not a deflated stream (fonts' metrics, object streams): no page text there.
    }
  }
  return out
}

describe.each(BACKENDS)('handover papers on $name', (backend) => {
  let s: TestServer
  let teamId: string
  let rps: string
  let other: string
  let handoverId: string
  let personId: string
  beforeAll(async () => {
    s = await startTestServer(backend)
    teamId = (await s.createTeam('PDF-1', near(0))).id
    const dest = async (name: string) => (await s.call('POST', '/api/destinations', { role: 'admin', body: { name, kind: 'rps', location: near(700), capacity: 10, accepts: ['homeless'] } })).body.id as string
    rps = await dest('RPS Kertas')
    other = await dest('RPS Lain')
    const id = await pickedUp(s, teamId, 'homeless')
    const ho = await handOver(s, teamId, id, rps, { name: 'Raden Ajeng Sekar', sex: 'female', approxAge: 35, nik: '3276015708750002' })
    expect(ho.status, JSON.stringify(ho.body)).toBe(201)
    handoverId = ho.body.id
    personId = ho.body.personId
  })
  afterAll(async () => {
    await s?.close()
  })

  const get = (path: string, role: 'dispatcher' | 'facility' | 'viewer', bound?: string) =>
    s.headersFor(role, bound).then((headers) => fetch(s.url + path, { headers }))

  it('renders the Berita Acara Serah Terima with the person’s name, NIK and both parties', async () => {
    const res = await get(`/api/handovers/${handoverId}/bast.pdf`, 'dispatcher')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/pdf')
    const pdf = Buffer.from(await res.arrayBuffer())
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-')
    const text = drawnText(pdf)
    expect(text).toContain('BERITA ACARA SERAH TERIMA')
    expect(text).toContain(': Raden Ajeng Sekar')
    expect(text).toContain(': 3276015708750002')
    expect(text).toContain(': Perempuan')
    expect(text).toContain('PDF-1')
    expect(text).toContain('(Petugas Rina)')
    expect(text).toContain('Gelandangan')
    const log = await s.db.sql`select role from access_log where action = 'paper:bast' and record_type = 'person' and ${personId} = any(record_ids)`
    expect(log.map((r) => r.role)).toEqual(['dispatcher'])
  })

  it('gives the paper to the receiving facility, not to another one or a viewer', async () => {
    expect((await get(`/api/handovers/${handoverId}/bast.pdf`, 'facility', rps)).status).toBe(200)
    expect((await get(`/api/handovers/${handoverId}/bast.pdf`, 'facility', other)).status).toBe(403)
    expect((await get(`/api/handovers/${handoverId}/bast.pdf`, 'viewer')).status).toBe(403)
  })

  it('renders the release-to-family agreement once the stay ended that way', async () => {
    const stay = (await s.call('GET', `/api/people/${personId}/stays`, { role: 'dispatcher' })).body[0]
    expect((await get(`/api/stays/${stay.id}/release.pdf`, 'dispatcher')).status).toBe(409)
    const out = await s.call('POST', `/api/stays/${stay.id}/check-out`, { role: 'facility', teamId: rps, body: { outcome: 'released_to_family', family: { name: 'Bapak Sastro', relationship: 'ayah', address: 'Jl. Dahlia 9, Pancoran Mas' } } })
    expect(out.status, JSON.stringify(out.body)).toBe(200)
    const res = await get(`/api/stays/${stay.id}/release.pdf`, 'facility', rps)
    expect(res.status).toBe(200)
    const text = drawnText(Buffer.from(await res.arrayBuffer()))
    expect(text).toContain(': Bapak Sastro')
    expect(text).toContain(': Raden Ajeng Sekar')
    expect(text).toContain(': ayah')
  })
})
