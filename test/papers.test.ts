import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream, PDFRef, decodePDFRawStream, type PDFObject } from 'pdf-lib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BACKENDS } from './support/backends.js'
import { handOver, pickedUp } from './support/pickup.js'
import { near, startTestServer, type TestServer } from './support/server.js'

/** A ToUnicode CMap (bfchar and bfrange) as code → text. */
function toUnicode(cmap: string): Map<number, string> {
  const out = new Map<number, string>()
  const utf16 = (hex: string) => String.fromCharCode(...(hex.match(/.{4}/g) ?? []).map((u) => parseInt(u, 16)))
  for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) for (const m of block[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g)) out.set(parseInt(m[1]!, 16), utf16(m[2]!))
  for (const block of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g))
    for (const m of block[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g))
      for (let c = parseInt(m[1]!, 16); c <= parseInt(m[2]!, 16); c++) out.set(c, String.fromCodePoint(parseInt(m[3]!, 16) + c - parseInt(m[1]!, 16)))
  return out
}

/**
 * The text a PDF draws, read the way a PDF reader copies it: an embedded (Type0, Identity-H)
 * font's two-byte glyph codes through its ToUnicode CMap, a standard font's bytes as WinAnsi
 * (Latin-1 here). Pieces drawn on the same baseline are joined, one line per baseline.
 * `notdef` counts glyph 0 — a character the font had no glyph for, printed as an empty box.
 */
async function drawnText(pdf: Buffer): Promise<{ text: string; notdef: number }> {
  const doc = await PDFDocument.load(pdf)
  const stream = (o: PDFObject | undefined): string => {
    const s = o instanceof PDFRef ? doc.context.lookup(o) : o
    return s instanceof PDFRawStream ? Buffer.from(decodePDFRawStream(s).decode()).toString('latin1') : ''
  }
  let text = ''
  let notdef = 0
  for (const page of doc.getPages()) {
    const fonts = new Map<string, Map<number, string> | null>()
    const dict = page.node.Resources()?.lookup(PDFName.of('Font'), PDFDict)
    for (const [name, ref] of dict?.entries() ?? []) {
      const font = doc.context.lookup(ref, PDFDict)
      const cmap = font.get(PDFName.of('ToUnicode'))
      fonts.set(name.decodeText(), cmap ? toUnicode(stream(cmap)) : null)
    }
    const contents = page.node.Contents()
    const body = contents instanceof PDFArray ? contents.asArray().map(stream).join('\n') : stream(contents)
    let font: Map<number, string> | null = null
    let y: string | null = null
    for (const m of body.matchAll(/\/(\S+) [\d.]+ Tf|[-\d.]+ [-\d.]+ [-\d.]+ [-\d.]+ [-\d.]+ ([-\d.]+) Tm|<([0-9A-Fa-f]*)> Tj/g)) {
      if (m[1] !== undefined) font = fonts.get(m[1]) ?? null
      else if (m[2] !== undefined) {
        if (y !== null && m[2] !== y) text += '\n'
        y = m[2]
      } else if (font) {
        for (const code of m[3]!.match(/.{4}/g) ?? []) {
          const c = parseInt(code, 16)
          if (c === 0) notdef++
          text += font.get(c) ?? '\ufffd'
        }
      } else text += Buffer.from(m[3]!, 'hex').toString('latin1')
    }
    text += '\n'
  }
  return { text, notdef }
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
    const dest = async (name: string) =>
      (await s.call('POST', '/api/destinations', { role: 'admin', body: { name, kind: 'rps', location: near(700), capacity: 10, accepts: ['homeless'] } })).body.id as string
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

  const get = (path: string, role: 'dispatcher' | 'facility' | 'viewer', bound?: string) => s.headersFor(role, bound).then((headers) => fetch(s.url + path, { headers }))

  it('renders the Berita Acara Serah Terima with the person’s name, NIK and both parties', async () => {
    const res = await get(`/api/handovers/${handoverId}/bast.pdf`, 'dispatcher')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/pdf')
    const pdf = Buffer.from(await res.arrayBuffer())
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-')
    const { text } = await drawnText(pdf)
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

  it('prints names and notes outside Latin-1 (Latin Extended, Vietnamese, Cyrillic, Greek) as themselves, each with a real glyph', async () => {
    const id = await pickedUp(s, teamId, 'homeless')
    const ho = await handOver(s, teamId, id, rps, { name: 'Ṣiti Ğül Nguyễn', sex: 'female', approxAge: 40 }, { receivedBy: 'Petugas Łukasz Đặng', notes: 'Говорит по-русски; λέξη ελληνική' })
    expect(ho.status, JSON.stringify(ho.body)).toBe(201)
    const res = await get(`/api/handovers/${ho.body.id}/bast.pdf`, 'dispatcher')
    expect(res.status).toBe(200)
    const { text, notdef } = await drawnText(Buffer.from(await res.arrayBuffer()))
    expect(text).toContain(': Ṣiti Ğül Nguyễn')
    expect(text).toContain(': Petugas Łukasz Đặng')
    expect(text).toContain('(Petugas Łukasz Đặng)')
    expect(text).toContain(': Говорит по-русски; λέξη ελληνική')
    expect(text).toContain('BERITA ACARA SERAH TERIMA')
    expect(text).not.toContain('?')
    expect(notdef).toBe(0)
  })

  it('gives the paper to the receiving facility, not to another one or a viewer', async () => {
    expect((await get(`/api/handovers/${handoverId}/bast.pdf`, 'facility', rps)).status).toBe(200)
    expect((await get(`/api/handovers/${handoverId}/bast.pdf`, 'facility', other)).status).toBe(403)
    expect((await get(`/api/handovers/${handoverId}/bast.pdf`, 'viewer')).status).toBe(403)
  })

  it('renders the release-to-family agreement once the stay ended that way', async () => {
    const stay = (await s.call('GET', `/api/people/${personId}/stays`, { role: 'dispatcher' })).body[0]
    expect((await get(`/api/stays/${stay.id}/release.pdf`, 'dispatcher')).status).toBe(409)
    const out = await s.call('POST', `/api/stays/${stay.id}/check-out`, {
      role: 'facility',
      teamId: rps,
      body: { outcome: 'released_to_family', family: { name: 'Bapak Sastro', relationship: 'ayah', address: 'Jl. Dahlia 9, Pancoran Mas' } },
    })
    expect(out.status, JSON.stringify(out.body)).toBe(200)
    const res = await get(`/api/stays/${stay.id}/release.pdf`, 'facility', rps)
    expect(res.status).toBe(200)
    const { text } = await drawnText(Buffer.from(await res.arrayBuffer()))
    expect(text).toContain(': Bapak Sastro')
    expect(text).toContain(': Raden Ajeng Sekar')
    expect(text).toContain(': ayah')
  })
})
