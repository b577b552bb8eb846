import fs from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { Hono } from 'hono'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chooseEncoding, compressResponses } from '../server/http/compression.js'
import { serveWeb } from '../server/web.js'
import { buildWebOnce } from './e2e/support/web-build.js'
import { BACKENDS } from './support/backends.js'
import { startTestServer, type TestServer } from './support/server.js'

/** A raw HTTP GET: fetch would decode the body and hide what went over the wire. */
function rawGet(url: string, headers: Record<string, string>): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers }, (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }))
        res.on('error', reject)
      })
      .on('error', reject)
  })
}

describe('choosing an encoding from Accept-Encoding', () => {
  it('prefers brotli, honours q=0 and the wildcard, and sends nothing unasked', () => {
    expect(chooseEncoding('gzip, deflate, br')).toBe('br')
    expect(chooseEncoding('gzip')).toBe('gzip')
    expect(chooseEncoding('br;q=0, gzip')).toBe('gzip')
    expect(chooseEncoding('gzip;q=0.5, br;q=0.2')).toBe('gzip')
    expect(chooseEncoding('*')).toBe('br')
    expect(chooseEncoding('*, br;q=0')).toBe('gzip')
    expect(chooseEncoding('identity')).toBeNull()
    expect(chooseEncoding('deflate')).toBeNull()
    expect(chooseEncoding(undefined)).toBeNull()
  })

  it('never buffers a stream of server-sent events, however large', async () => {
    const app = new Hono().use(compressResponses()).get('/events', (c) => c.body('data: x\n\n'.repeat(1000), 200, { 'Content-Type': 'text/event-stream' }))
    const res = await app.request('/events', { headers: { 'Accept-Encoding': 'br' } })
    expect(res.headers.get('Content-Encoding')).toBeNull()
  })
})

describe.each(BACKENDS)('compressed responses on $name', (backend) => {
  let s: TestServer
  let dir: string
  beforeAll(async () => {
    dir = await buildWebOnce()
    s = await startTestServer(backend, {}, undefined, { extend: (app) => serveWeb(app, dir) })
  })
  afterAll(async () => {
    await s?.close()
  })

  it('sends an API response as brotli or gzip as asked, decoding to the same bytes, and plain when not asked', async () => {
    const plain = await rawGet(`${s.url}/api/service-area`, {})
    expect(plain.status).toBe(200)
    expect(plain.headers['content-encoding']).toBeUndefined()
    expect(plain.headers.vary).toMatch(/accept-encoding/i)

    const br = await rawGet(`${s.url}/api/service-area`, { 'accept-encoding': 'gzip, deflate, br' })
    expect(br.headers['content-encoding']).toBe('br')
    expect(br.headers.vary).toMatch(/accept-encoding/i)
    expect(Number(br.headers['content-length'])).toBe(br.body.length)
    expect(br.body.length).toBeLessThan(plain.body.length / 3)
    expect(brotliDecompressSync(br.body).equals(plain.body)).toBe(true)

    const gz = await rawGet(`${s.url}/api/service-area`, { 'accept-encoding': 'gzip' })
    expect(gz.headers['content-encoding']).toBe('gzip')
    expect(gunzipSync(gz.body).equals(plain.body)).toBe(true)
  })

  it('leaves a small response alone', async () => {
    const config = await rawGet(`${s.url}/health`, { 'accept-encoding': 'br' })
    expect(config.headers['content-encoding']).toBeUndefined()
    expect(JSON.parse(config.body.toString()).status).toBe('ok')
  })

  it('serves the built page and its scripts precompressed, with Content-Encoding and Vary', async () => {
    const html = fs.readFileSync(path.join(dir, 'index.html'))
    const page = await rawGet(`${s.url}/`, { 'accept-encoding': 'br, gzip' })
    expect(page.headers['content-encoding']).toBe('br')
    expect(page.headers.vary).toMatch(/accept-encoding/i)
    expect(page.headers['content-type']).toMatch(/text\/html/)
    expect(brotliDecompressSync(page.body).equals(html)).toBe(true)

    const script = html.toString().match(/src="(\/assets\/[^"]+\.js)"/)![1]!
    const original = fs.readFileSync(path.join(dir, script))
    const viaBr = await rawGet(`${s.url}${script}`, { 'accept-encoding': 'br' })
    expect(viaBr.headers['content-encoding']).toBe('br')
    expect(viaBr.headers['content-type']).toMatch(/javascript/)
    expect(viaBr.headers['cache-control']).toContain('immutable')
    // Precompressed at build (full quality), not compressed per request.
    expect(viaBr.body.equals(fs.readFileSync(path.join(dir, `${script}.br`)))).toBe(true)
    expect(brotliDecompressSync(viaBr.body).equals(original)).toBe(true)

    const viaGz = await rawGet(`${s.url}${script}`, { 'accept-encoding': 'gzip' })
    expect(viaGz.headers['content-encoding']).toBe('gzip')
    expect(gunzipSync(viaGz.body).equals(original)).toBe(true)

    const raw = await rawGet(`${s.url}${script}`, {})
    expect(raw.headers['content-encoding']).toBeUndefined()
    expect(raw.body.equals(original)).toBe(true)
  })
})
