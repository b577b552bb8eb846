import { useRef, useState } from 'react'

/**
 * Picking a photo from the phone's camera or files, resized on the phone before it is ever
 * sent (lib/resize-photo, loaded with the first photo: most reports have none). Used by the
 * citizen's report and the team's patrol case; the file input is cleared after each pick so
 * the same photo can be picked again.
 */
export function usePhotoPick(onChange: (jpeg: Blob) => void) {
  const input = useRef<HTMLInputElement>(null)
  const [preparing, setPreparing] = useState(false)
  const [failed, setFailed] = useState(false)
  const pick = async (file: File | undefined) => {
    if (!file) return
    setPreparing(true)
    setFailed(false)
    try {
      const { resizePhoto } = await import('./resize-photo.js')
      onChange(await resizePhoto(file))
    } catch {
      setFailed(true)
    } finally {
      setPreparing(false)
      if (input.current) input.current.value = ''
    }
  }
  return { input, preparing, failed, pick }
}
