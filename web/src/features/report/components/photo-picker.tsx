import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { CameraInput } from '../../../components/camera-input.js'
import { usePhotoPick } from '../../../lib/use-photo-pick.js'

/** An optional photo, resized on the phone before it is ever sent. */
export function PhotoPicker({ value, onChange }: { value: Blob | null; onChange: (jpeg: Blob | null) => void }) {
  const { t } = useTranslation('report')
  const { input, preparing, failed, pick } = usePhotoPick(onChange)
  const [preview, setPreview] = useState<string | null>(null)

  useEffect(() => {
    if (!value) return setPreview(null)
    const url = URL.createObjectURL(value)
    setPreview(url)
    return () => URL.revokeObjectURL(url)
  }, [value])

  return (
    <div className="photo-picker">
      <CameraInput inputRef={input} label={t('photo.label')} testId="report-photo-input" onPick={pick} />
      {preview && <img src={preview} alt="" className="photo-preview" data-testid="report-photo-preview" />}
      <div className="row-wrap">
        <button type="button" className="btn" onClick={() => input.current?.click()} disabled={preparing}>
          <svg width="18" height="18" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" aria-hidden="true">
            <path d="M4 7h3l2-3h6l2 3h3v13H4z" />
            <circle cx="12" cy="13" r="4" />
          </svg>
          {preparing ? t('photo.preparing') : value ? t('photo.replace') : t('photo.add')}
        </button>
        {value && (
          <button type="button" className="btn btn-ghost" onClick={() => onChange(null)}>
            {t('photo.remove')}
          </button>
        )}
      </div>
      {failed && <div className="note note-warn">{t('photo.failed')}</div>}
      <small className="hint">{t('photo.hint')}</small>
    </div>
  )
}
