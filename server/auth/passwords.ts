import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto'
import { AppError } from '../errors.js'

/**
 * scrypt, Node's built-in memory-hard KDF. N=2^15, r=8 uses 32 MiB per hash, in line with
 * OWASP's Password Storage Cheat Sheet minimum for scrypt (N=2^17 with less memory per round
 * is the other end of the same cost). The parameters travel with the hash so they can be raised.
 */
export interface ScryptParams {
  N: number
  r: number
  p: number
}

export const PASSWORD_PARAMS: ScryptParams = { N: 2 ** 15, r: 8, p: 1 }
const KEY_LEN = 32

/**
 * How many hashes run at once. scrypt runs on libuv's thread pool (4 threads by default),
 * which file access and DNS share; a burst of sign-ins that took every thread would stall
 * the whole server. Two at a time leaves the rest free and bounds memory to 64 MiB.
 */
export const MAX_CONCURRENT_HASHES = 2
/** Sign-ins waiting for a hash beyond this are refused at once (503) rather than queued for minutes. */
export const MAX_WAITING_HASHES = 500

function derive(password: string, salt: Buffer, o: ScryptParams): Promise<Buffer> {
  const opts: ScryptOptions = { N: o.N, r: o.r, p: o.p, maxmem: 256 * o.N * o.r }
  return new Promise((resolve, reject) => scrypt(password.normalize('NFKC'), salt, KEY_LEN, opts, (err, key) => (err ? reject(err) : resolve(key))))
}

/** Hashes a password (used directly by tools; the server goes through a PasswordHasher). */
export async function hashPassword(password: string, params: ScryptParams = PASSWORD_PARAMS): Promise<string> {
  const salt = randomBytes(16)
  const key = await derive(password, salt, params)
  return `scrypt$${params.N}$${params.r}$${params.p}$${salt.toString('base64url')}$${key.toString('base64url')}`
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [alg, n, r, p, salt, key] = stored.split('$')
  if (alg !== 'scrypt' || !salt || !key) return false
  const expected = Buffer.from(key, 'base64url')
  const actual = await derive(password, Buffer.from(salt, 'base64url'), { N: Number(n), r: Number(r), p: Number(p) })
  return actual.length === expected.length && timingSafeEqual(actual, expected)
}

/**
 * Hashing and checking passwords, at most MAX_CONCURRENT_HASHES at a time. Waiting work is
 * queued per client address and served round-robin between addresses, so a burst from one
 * address waits behind itself while a sign-in from anyone else takes the next free slot.
 * One per app (createApp), so no module holds state.
 */
export class PasswordHasher {
  private running = 0
  private waitingCount = 0
  /** Waiting work per address, in the order the addresses first queued (Map keeps insertion order). */
  private readonly waiting = new Map<string, Array<() => void>>()
  private dummy: Promise<string> | null = null

  constructor(
    private readonly limits: { concurrent: number; waiting: number } = { concurrent: MAX_CONCURRENT_HASHES, waiting: MAX_WAITING_HASHES },
    /** New hashes' cost. Only code can lower it (tests); no setting can weaken a deployment. */
    private readonly params: ScryptParams = PASSWORD_PARAMS,
  ) {}

  /** `from` is the client address the work is done for (round-robin key); tools may leave it out. */
  hash(password: string, from = ''): Promise<string> {
    return this.run(() => hashPassword(password, this.params), from)
  }

  verify(password: string, stored: string, from = ''): Promise<boolean> {
    return this.run(() => verifyPassword(password, stored), from)
  }

  /** A hash of a random password, so a sign-in for an unknown user takes as long as a real one. */
  dummyHash(): Promise<string> {
    this.dummy ??= this.hash(randomBytes(16).toString('hex'))
    return this.dummy
  }

  private async run<T>(work: () => Promise<T>, from: string): Promise<T> {
    if (this.running >= this.limits.concurrent) {
      if (this.waitingCount >= this.limits.waiting) {
        throw new AppError('unavailable', 'Too many sign-ins at once; try again in a few seconds', undefined, { 'Retry-After': '5' })
      }
      await new Promise<void>((resolve) => {
        const queue = this.waiting.get(from)
        if (queue) queue.push(resolve)
        else this.waiting.set(from, [resolve])
        this.waitingCount++
      })
    } else {
      this.running++
    }
    try {
      return await work()
    } finally {
      this.next()
    }
  }

  /** Hands the finished slot to the first waiting address (which then goes to the back), or frees it. */
  private next(): void {
    const first = this.waiting.entries().next()
    if (first.done) {
      this.running--
      return
    }
    const [from, queue] = first.value
    const resolve = queue.shift()!
    this.waiting.delete(from)
    if (queue.length) this.waiting.set(from, queue)
    this.waitingCount--
    resolve()
  }
}
