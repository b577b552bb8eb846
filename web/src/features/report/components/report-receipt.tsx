import { useCallback, useEffect, useRef, useState, type MouseEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { ReportReceipt } from '@shared/incidents.js'
import { newIdempotencyKey } from '../../../lib/api.js'
import { uploadPhoto } from '../api/upload-photo.js'

type PhotoState = 'none' | 'uploading' | 'done' | 'failed'

/**
 * After sending: the tracking code and link; the photo goes up in the background. Leaving the
 * page would cancel the upload, so "follow the report" waits for it (and says so), a reload or
 * a closed tab is asked to confirm, and a failed upload can be tried again.
 */
export function ReportReceiptView({ receipt, photo, onAnother }: { receipt: ReportReceipt; photo: Blob | null; onAnother: () => void }) {
  const { t } = useTranslation('report')
  const [photoState, setPhotoState] = useState<PhotoState>(photo ? 'uploading' : 'none')
  const [leaving, setLeaving] = useState(false)
  const [copied, setCopied] = useState(false)
  const trackUrl = receipt.trackingUrl || `/track/${receipt.trackingCode}`
  // Once per receipt, even if the effect runs again (React's StrictMode does so in development);
  // a retry reuses the key, so a photo that did arrive is not stored twice.
  const uploading = useRef<Promise<unknown> | null>(null)
  const key = useRef(newIdempotencyKey())
  const live = useRef(true)

  const send = useCallback(
    (again: boolean) => {
      if (!photo) return
      if (again || !uploading.current) {
        setPhotoState('uploading')
        uploading.current = uploadPhoto(receipt.id, receipt.trackingCode, photo, key.current)
      }
      const current = uploading.current
      current.then(
        () => live.current && uploading.current === current && setPhotoState('done'),
        () => live.current && uploading.current === current && setPhotoState('failed'),
      )
    },
    [photo, receipt.id, receipt.trackingCode],
  )

  useEffect(() => {
    live.current = true
    send(false)
    return () => {
      live.current = false
    }
  }, [send])

  // A reload or a closed tab would drop the photo: the browser asks first.
  useEffect(() => {
    if (photoState !== 'uploading') return
    const ask = (e: BeforeUnloadEvent) => e.preventDefault()
    window.addEventListener('beforeunload', ask)
    return () => window.removeEventListener('beforeunload', ask)
  }, [photoState])

  // "Follow the report" tapped while the photo was going up: go once it has arrived.
  useEffect(() => {
    if (leaving && photoState === 'done') window.location.assign(trackUrl)
  }, [leaving, photoState, trackUrl])

  const follow = (e: MouseEvent) => {
    if (photoState !== 'uploading') return
    e.preventDefault()
    setLeaving(true)
  }

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
          <div className={`note ${photoState === 'failed' ? 'note-warn' : photoState === 'done' ? 'note-ok' : 'note-info'}`} data-testid="report-photo-state" data-state={photoState} role="status">
            {t(`receipt.photo${photoState === 'uploading' ? 'Uploading' : photoState === 'done' ? 'Done' : 'Failed'}`)}
            {leaving && photoState === 'uploading' && (
              <p className="receipt-wait" data-testid="report-photo-wait">
                {t('receipt.photoWait')}
              </p>
            )}
            {photoState === 'failed' && (
              <button type="button" className="btn btn-small receipt-retry" onClick={() => send(true)} data-testid="report-photo-retry">
                {t('receipt.photoRetry')}
              </button>
            )}
          </div>
        )}
        <a className="btn btn-primary btn-large" href={trackUrl} onClick={follow} aria-disabled={leaving && photoState === 'uploading'} data-testid="report-track-link">
          {leaving && photoState === 'uploading' ? t('receipt.trackWaiting') : t('receipt.track')}
        </a>
        <button type="button" className="btn btn-ghost btn-block" onClick={onAnother}>
          {t('receipt.another')}
        </button>
      </section>
    </div>
  )
}
