import { randomBytes, randomUUID } from 'node:crypto'

/** Ids are injected so tests and benchmarks can make their own. */
export interface Ids {
  uuid(): string
  trackingCode(): string
}

// Crockford's base32: no I, L, O or U, so a code read over the phone is not misheard.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'
export const TRACKING_CODE_LENGTH = 16 // 16 symbols × 5 bits = 80 bits of entropy

export const randomIds: Ids = {
  uuid: () => randomUUID(),
  trackingCode() {
    const bytes = randomBytes(TRACKING_CODE_LENGTH)
    let s = ''
    for (const b of bytes) s += ALPHABET[b & 31]
    return s
  },
}
