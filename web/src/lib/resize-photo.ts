/** Long side and quality for uploads: enough to recognise a person and a place, small on 3G. */
export const PHOTO_MAX_SIDE_PX = 1280
export const PHOTO_JPEG_QUALITY = 0.8

/**
 * Shrinks a camera photo in the browser before it is sent (phones make 4–12 MB pictures).
 * createImageBitmap applies the EXIF orientation, so portrait photos stay upright.
 */
export async function resizePhoto(file: Blob, maxSide = PHOTO_MAX_SIDE_PX, quality = PHOTO_JPEG_QUALITY): Promise<Blob> {
  const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' })
  try {
    const scale = Math.min(1, maxSide / Math.max(bitmap.width, bitmap.height))
    const w = Math.max(1, Math.round(bitmap.width * scale))
    const h = Math.max(1, Math.round(bitmap.height * scale))
    const canvas = document.createElement('canvas')
    canvas.width = w
    canvas.height = h
    const ctx = canvas.getContext('2d')
    if (!ctx) throw new Error('canvas 2d unavailable')
    ctx.drawImage(bitmap, 0, 0, w, h)
    return await new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('JPEG encoding failed'))), 'image/jpeg', quality))
  } finally {
    bitmap.close()
  }
}
