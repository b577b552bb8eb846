import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { ReportReceipt } from '../../../../../shared/incidents.js'
import { uploadPhoto } from '../api/upload-photo.js'

type PhotoState = 'none' | 'uploading' | 'done' | 'failed'

/** After sending: the tracking code and link; the photo goes up in the background. */
export function ReportReceiptView({ receipt, photo, onAnother }: { receipt: ReportReceipt; photo: Blob | null; onAnother: () => void }) {
  const { t } = useTranslation('report')
  const [photoState, setPhotoState] = useState<PhotoState>(photo ? 'uploading' : 'none')
  const [copied, setCopied] = useState(false)
  const trackUrl = receipt.trackingUrl || `/track/${receipt.trackingCode}`
  // Once per receipt, even if the effect runs again (React's StrictMode does so in development).
  const uploading = useRef<Promise<unknown> | null>(null)

  useEffect(() => {
    if (!photo) return
    let live = true
    uploading.current ??= uploadPhoto(receipt.id, receipt.trackingCode, photo)
    uploading.current.then(
      () => live && setPhotoState('done'),
      () => live && setPhotoState('failed'),
    )
    return () => {
      live = false
    }
  }, [photo, receipt.id, receipt.trackingCode])

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(receipt.trackingCode)
      setCopied(true)
    } catch {
      /* no clipboard (http or old browser): the code is on screen to write down */
    }
  }

  return (
    <div className="report-form">
      <section className="card receipt" data-testid="report-receipt" aria-live="polite">
        <div className="receipt-check" aria-hidden="true">
          <svg width="40" height="40" viewBox="0 0 24 24" fill="none" stroke="#fff" strokeWidth="3" strokeLinecap="round" strokeLinejoin="round">
            <path d="M5 12.5l4.5 4.5L19 7.5" />
          </svg>
        </div>
        <h1>{t('receipt.heading')}</h1>
        <p>{t('receipt.thanks')}</p>
        <div className="receipt-code">
          <span className="muted">{t('receipt.code')}</span>
          <strong className="mono" data-testid="report-tracking-code">
            {receipt.trackingCode}
          </strong>
          <button type="button" className="btn btn-small" onClick={() => void copy()}>
            {copied ? t('receipt.copied') : t('receipt.copy')}
          </button>
        </div>
        <p className="hint">{t('receipt.keep')}</p>
        {receipt.area.kecamatan && <p>{t('receipt.area', { kecamatan: receipt.area.kecamatan })}</p>}
        {photoState !== 'none' && (
          <p className={`note ${photoState === 'failed' ? 'note-warn' : photoState === 'done' ? 'note-ok' : 'note-info'}`} data-testid="report-photo-state" data-state={photoState}>
            {t(`receipt.photo${photoState === 'uploading' ? 'Uploading' : photoState === 'done' ? 'Done' : 'Failed'}`)}
          </p>
        )}
        <a className="btn btn-primary btn-large" href={trackUrl} data-testid="report-track-link">
          {t('receipt.track')}
        </a>
        <button type="button" className="btn btn-ghost btn-block" onClick={onAnother}>
          {t('receipt.another')}
        </button>
      </section>
    </div>
  )
}
