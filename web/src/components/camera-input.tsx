import type { RefObject } from 'react'

/**
 * The hidden file input behind a "take or choose a photo" button (usePhotoPick): the button
 * opens it, so there is one control to reach and to hear; it is labelled for the screen
 * readers that find it anyway. Used by the citizen's report and the team's patrol case.
 */
export function CameraInput({ inputRef, label, testId, onPick }: { inputRef: RefObject<HTMLInputElement | null>; label: string; testId: string; onPick: (file: File | undefined) => Promise<void> }) {
  return (
    <input
      ref={inputRef}
      type="file"
      accept="image/*"
      capture="environment"
      className="sr-only"
      tabIndex={-1}
      aria-label={label}
      data-testid={testId}
      onChange={(e) => void onPick(e.target.files?.[0])}
    />
  )
}
