import { createECDH, createPublicKey, createDecipheriv, hkdfSync, randomBytes, verify, type ECDH } from 'node:crypto'
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

/** One request a push service received. */
export interface ReceivedPush {
  path: string
  headers: IncomingHttpHeaders
  body: Buffer
}

/** A phone's side of a subscription: its ECDH key pair and auth secret (RFC 8291). */
export interface TestSubscriber {
  endpoint: string
  keys: { p256dh: string; auth: string }
  ecdh: ECDH
  authSecret: Buffer
}

/**
 * A push service on localhost, speaking the real protocol (RFC 8030): it takes the server's
 * POSTs to a subscription's endpoint, keeps them, and answers with `nextStatus` (201, or 410 to
 * say the subscription is gone). Nothing leaves the machine.
 */
export async function startPushService() {
  const received: ReceivedPush[] = []
  const waiting: Array<{ match: (r: ReceivedPush) => boolean; resolve: (r: ReceivedPush) => void }> = []
  let nextStatus = 201
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const r: ReceivedPush = { path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) }
      received.push(r)
      for (const w of waiting.splice(0))
        if (w.match(r)) w.resolve(r)
        else waiting.push(w)
      res.writeHead(nextStatus).end()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    origin,
    received,
    /** What the next requests are answered with. */
    answer(status: number) {
      nextStatus = status
    },
    /** A new phone: an endpoint on this service and fresh keys. */
    subscriber(name: string): TestSubscriber {
      const ecdh = createECDH('prime256v1')
      ecdh.generateKeys()
      const authSecret = randomBytes(16)
      return { endpoint: `${origin}/push/${name}`, keys: { p256dh: ecdh.getPublicKey().toString('base64url'), auth: authSecret.toString('base64url') }, ecdh, authSecret }
    },
    /** The next request (or one already received) to the subscriber's endpoint that `match` accepts. */
    next(sub: { endpoint: string }, from = 0): Promise<ReceivedPush> {
      const path = new URL(sub.endpoint).pathname
      const match = (r: ReceivedPush) => r.path === path
      const have = received.slice(from).find(match)
      return have ? Promise.resolve(have) : new Promise((resolve) => waiting.push({ match, resolve }))
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
export type TestPushService = Awaited<ReturnType<typeof startPushService>>

const hkdf = (salt: Buffer, ikm: Buffer, info: Buffer, length: number) => Buffer.from(hkdfSync('sha256', ikm, salt, info, length))

/**
 * Decrypts an `aes128gcm` Web Push body with the phone's private key and auth secret, as a
 * browser does (RFC 8291 §3.4 with RFC 8188's record format; one record).
 */
export function decryptPush(body: Buffer, sub: TestSubscriber): string {
  const salt = body.subarray(0, 16)
  const idLen = body.readUInt8(20)
  const serverPublic = body.subarray(21, 21 + idLen)
  const record = body.subarray(21 + idLen)
  const shared = sub.ecdh.computeSecret(serverPublic)
  const keyInfo = Buffer.concat([Buffer.from('WebPush: info\0'), sub.ecdh.getPublicKey(), serverPublic])
  const ikm = hkdf(sub.authSecret, shared, keyInfo, 32)
  const cek = hkdf(salt, ikm, Buffer.from('Content-Encoding: aes128gcm\0'), 16)
  const nonce = hkdf(salt, ikm, Buffer.from('Content-Encoding: nonce\0'), 12)
  const decipher = createDecipheriv('aes-128-gcm', cek, nonce)
  decipher.setAuthTag(record.subarray(record.length - 16))
  const padded = Buffer.concat([decipher.update(record.subarray(0, record.length - 16)), decipher.final()])
  // The last record ends with the delimiter 0x02, then zero padding (RFC 8188 §2).
  let end = padded.length - 1
  while (end >= 0 && padded[end] === 0) end--
  if (padded[end] !== 2) throw new Error('not the last record: no 0x02 delimiter')
  return padded.subarray(0, end).toString('utf8')
}

/**
 * Checks a request's VAPID Authorization header (RFC 8292): `vapid t=<JWT>, k=<public key>`,
 * the JWT signed with ES256 by that key. Returns the key and the JWT's claims.
 */
export function verifyVapid(authorization: string | undefined): { publicKey: string; claims: { aud: string; sub: string; exp: number } } {
  const m = /^vapid t=([\w-]+\.[\w-]+\.[\w-]+), k=([\w-]+)$/.exec(authorization ?? '')
  if (!m) throw new Error(`not a VAPID Authorization header: ${authorization}`)
  const [header, payload, signature] = m[1]!.split('.') as [string, string, string]
  const raw = Buffer.from(m[2]!, 'base64url')
  const key = createPublicKey({ key: { kty: 'EC', crv: 'P-256', x: raw.subarray(1, 33).toString('base64url'), y: raw.subarray(33, 65).toString('base64url') }, format: 'jwk' })
  const ok = verify('sha256', Buffer.from(`${header}.${payload}`), { key, dsaEncoding: 'ieee-p1363' }, Buffer.from(signature, 'base64url'))
  if (!ok) throw new Error('the VAPID token’s signature does not match its key')
  if (JSON.parse(Buffer.from(header, 'base64url').toString()).alg !== 'ES256') throw new Error('VAPID token not ES256')
  return { publicKey: m[2]!, claims: JSON.parse(Buffer.from(payload, 'base64url').toString()) }
}
