import { promisify } from 'node:util'
import { brotliCompress, constants, gzip } from 'node:zlib'
import type { Context, MiddlewareHandler } from 'hono'

const brotli = promisify(brotliCompress)
const gzipAsync = promisify(gzip)

/** Below this a response gains nothing worth the CPU (one TCP packet either way). */
export const COMPRESS_MIN_BYTES = 1024
/**
 * Brotli quality for responses made per request: 11 (the default) costs ~30× the time of 5 for
 * a few percent; the static files are compressed once at build at full quality instead
 * (web/build/precompress.ts). https://blog.cloudflare.com/results-experimenting-brotli/
 */
const BROTLI_DYNAMIC_QUALITY = 5
const GZIP_DYNAMIC_LEVEL = 6

const COMPRESSIBLE = /^\s*(?:text\/|application\/(?:json|javascript|xml|geo\+json|manifest\+json)|image\/svg\+xml)/i
const NO_TRANSFORM = /(?:^|,)\s*no-transform\s*(?:,|$)/i

export type Encoding = 'br' | 'gzip'

/**
 * The encoding to answer with for an Accept-Encoding header: brotli when the client takes it
 * (smaller), else gzip; `q=0` refuses one, `*` stands for any not named (RFC 9110 §12.5.3).
 */
export function chooseEncoding(header: string | undefined): Encoding | null {
  if (!header) return null
  const q = new Map<string, number>()
  for (const part of header.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';')
    if (!name) continue
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='))
    const value = qParam ? Number(qParam.slice(2)) : 1
    q.set(name, Number.isFinite(value) ? value : 0)
  }
  const weight = (enc: Encoding) => q.get(enc) ?? q.get('*') ?? 0
  const br = weight('br')
  const gz = weight('gzip')
  if (br <= 0 && gz <= 0) return null
  return br >= gz ? 'br' : 'gzip'
}

/**
 * Compresses text responses (JSON, HTML, JS, CSS, GeoJSON) with brotli or gzip from Node's zlib,
 * as the client accepts. Hono's own `compress` middleware only offers gzip and deflate (it uses
 * the web CompressionStream), and a citizen on a slow phone connection gains most from brotli.
 * Responses already encoded (the precompressed static files), images and small bodies pass
 * through unchanged; `Vary: Accept-Encoding` tells caches the body depends on the header.
 */
export function compressResponses(): MiddlewareHandler {
  return async (c, next) => {
    // Vary is set before the route runs: set on the finished response it would make Hono rebuild
    // every response. (The app's server writes it for every response instead: http/baseline.ts.)
    c.header('Vary', 'Accept-Encoding')
    const encoding = chooseEncoding(c.req.header('Accept-Encoding'))
    await next()
    if (encoding) await compressFinished(c, encoding)
  }
}

/**
 * Compresses the finished response in place when it is worth it (see compressResponses);
 * leaves it untouched otherwise, so a small JSON answer keeps @hono/node-server's fast path.
 */
export async function compressFinished(c: Context, encoding: Encoding): Promise<void> {
  const res = c.res
  if (c.req.method === 'HEAD' || !res.body || res.status === 204 || res.status === 206 || res.status === 304) return
  const type = res.headers.get('Content-Type') ?? ''
  // A stream of events must flow as it is written; this reads the whole body.
  if (res.headers.has('Content-Encoding') || !COMPRESSIBLE.test(type) || type.startsWith('text/event-stream')) return
  if (NO_TRANSFORM.test(res.headers.get('Cache-Control') ?? '')) return
  const declared = res.headers.get('Content-Length')
  if (declared !== null && Number(declared) < COMPRESS_MIN_BYTES) return
  const body = Buffer.from(await c.res.arrayBuffer())
  const out =
    body.length < COMPRESS_MIN_BYTES
      ? body
      : encoding === 'br'
        ? await brotli(body, { params: { [constants.BROTLI_PARAM_QUALITY]: BROTLI_DYNAMIC_QUALITY, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } })
        : await gzipAsync(body, { level: GZIP_DYNAMIC_LEVEL })
  // Hono copies the previous response's headers onto the new one (Content-Length too).
  c.res = new Response(out, { status: c.res.status, headers: c.res.headers })
  c.res.headers.set('Content-Length', String(out.length))
  const vary = c.res.headers.get('Vary')
  if (!vary || !/(?:^|,)\s*accept-encoding\s*(?:,|$)/i.test(vary)) c.res.headers.set('Vary', vary ? `${vary}, Accept-Encoding` : 'Accept-Encoding')
  if (out !== body) {
    c.res.headers.set('Content-Encoding', encoding)
    const etag = c.res.headers.get('ETag')
    if (etag && !etag.startsWith('W/')) c.res.headers.set('ETag', `W/${etag}`)
  }
}
