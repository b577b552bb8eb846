import { sniffImage } from '../photos/photos.service.js'

export type ScanType = 'image/jpeg' | 'image/png' | 'image/webp' | 'application/pdf'

/**
 * What an uploaded scan really is, from its first bytes (not from its name or the type the
 * browser claims): a JPEG, PNG or WebP photo, or a PDF ("%PDF-", ISO 32000-1 §7.5.2).
 */
export function sniffScan(b: Uint8Array): ScanType | null {
  const image = sniffImage(b)
  if (image) return image
  const pdf = [0x25, 0x50, 0x44, 0x46, 0x2d]
  return b.length > pdf.length && pdf.every((v, i) => b[i] === v) ? 'application/pdf' : null
}
