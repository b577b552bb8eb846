import { describe, expect, it } from 'vitest'
import { sniffScan } from './agreement.js'

const bytes = (...parts: Array<number[] | string>) => new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...Buffer.from(p)] : p)))

describe('what a scanned agreement is', () => {
  it('recognises JPEG, PNG, WebP and PDF by their first bytes', () => {
    expect(sniffScan(bytes([0xff, 0xd8, 0xff, 0xe0, 0, 0]))).toBe('image/jpeg')
    expect(sniffScan(bytes([0x89], 'PNG\r\n\x1a\n', [0, 0]))).toBe('image/png')
    expect(sniffScan(bytes('RIFF', [0, 0, 0, 0], 'WEBPVP8 '))).toBe('image/webp')
    expect(sniffScan(bytes('%PDF-1.7\n%...'))).toBe('application/pdf')
  })

  it('refuses anything else, whatever it is called', () => {
    expect(sniffScan(bytes('<html><body>surat.pdf</body></html>'))).toBeNull()
    expect(sniffScan(bytes('PK', [3, 4, 0, 0]))).toBeNull() // a .docx
    expect(sniffScan(bytes('%PDF'))).toBeNull() // too short to be one
    expect(sniffScan(new Uint8Array())).toBeNull()
  })
})
