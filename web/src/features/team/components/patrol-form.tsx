import type L from 'leaflet'
import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { Point } from '@shared/geo.js'
import type { Incident, IncidentCategory, PatrolCase, PriorityAnswers } from '@shared/incidents.js'
import { CameraInput } from '../../../components/camera-input.js'
import { CategoryPicker } from '../../../components/category-picker.js'
import { describeError } from '../../../components/error-note.js'
import { MapView } from '../../../components/map/map-view.js'
import { usePin } from '../../../components/map/use-pin.js'
import { YesNoQuestion } from '../../../components/yes-no-question.js'
import { ApiError, newIdempotencyKey } from '../../../lib/api.js'
import { useCityConfig } from '../../../lib/city-config.js'
import { containsPoint } from '../../../lib/geo.js'
import { usePhotoPick } from '../../../lib/use-photo-pick.js'
import { getServiceArea, type ServiceArea } from '../../../lib/service-area.js'
import { startPatrolCase, uploadPatrolPhoto } from '../api/start-patrol-case.js'

// The photo resizer is a lazy chunk (lib/use-photo-pick.ts); fetched with the team page, while
// there is a connection, so a photo taken in a dead zone can still be prepared there.
void import('../../../lib/resize-photo.js').catch(() => {})

const QUESTIONS = ['unconscious', 'injured', 'child', 'badWeather', 'aggressive'] as const satisfies readonly (keyof PriorityAnswers)[]
type Answers = Record<(typeof QUESTIONS)[number], boolean | null>

/**
 * A case the team found on patrol (decision 015): the citizen form's category tiles and
 * questions, at the phone's position (the pin can be moved), a description and an optional
 * photo. The server makes it the team's own case, already on scene. It is sent at once (a
 * refusal, e.g. outside the area, needs an answer the member can act on); when no connection
 * answers, the same body (with the phone's time) and key go to the outbox (`onQueue`).
 */
export function PatrolForm({
  me,
  onStarted,
  onQueue,
  onCancel,
}: {
  me: (Point & { accuracyM?: number }) | null
  onStarted: (incident: Incident) => void
  onQueue: (input: PatrolCase & { deviceTime: string }, key: string, photo: Blob | null) => Promise<void>
  onCancel: () => void
}) {
  const { t } = useTranslation('team')
  const { city } = useCityConfig()
  const [category, setCategory] = useState<IncidentCategory | null>(null)
  const [answers, setAnswers] = useState<Answers>({ unconscious: null, injured: null, child: null, badWeather: null, aggressive: null })
  const [description, setDescription] = useState('')
  const [photo, setPhoto] = useState<Blob | null>(null)
  const [pin, setPin] = useState<Point | null>(null)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [area, setArea] = useState<ServiceArea | null>(null)
  // One key for this case: a retry after a lost answer gets the same case back, never a second.
  const [key] = useState(newIdempotencyKey)
  // When the member first pressed send (the phone's time): kept for the key's retries, so a
  // replay is the same request; a refusal clears it (the next press is a new moment).
  const pressedAt = useRef<string | null>(null)
  useEffect(() => {
    void getServiceArea().then(setArea, () => {})
  }, [])

  // The phone's position until the member moves the pin.
  const location = pin ?? me
  const outside = location && area ? !containsPoint(area.boundary, location) : false

  const submit = async () => {
    if (!category) return setError(t('patrol.needCategory'))
    if (!location) return setError(t('patrol.needLocation'))
    setBusy(true)
    setError(null)
    pressedAt.current ??= new Date().toISOString()
    const input = {
      category,
      location: { lon: location.lon, lat: location.lat, ...(!pin && me?.accuracyM !== undefined ? { accuracyM: me.accuracyM } : {}) },
      locationSource: pin ? ('map_pin' as const) : ('gps' as const),
      description: description.trim(),
      answers: Object.fromEntries(QUESTIONS.map((q) => [q, answers[q] === true])) as PriorityAnswers,
      deviceTime: pressedAt.current,
    }
    try {
      const incident = await startPatrolCase(input, key)
      // The case stands; a photo that fails is said, not a reason to lose the case.
      if (photo) await uploadPatrolPhoto(incident.id, photo).catch(() => setError(t('patrol.photoFailed')))
      onStarted(incident)
    } catch (err) {
      if (err instanceof ApiError && err.code === 'network') {
        // A dead zone: the outbox sends it when the connection returns (decision 015).
        await onQueue(input, key, photo)
        return
      }
      pressedAt.current = null
      setError(err instanceof ApiError && err.code === 'conflict' ? t('patrol.refused', { reason: err.message }) : describeError(t, err, city))
    } finally {
      setBusy(false)
    }
  }

  return (
    <section className="card patrol" data-testid="patrol-form">
      <h2>{t('patrol.title')}</h2>
      <p className="small muted">{t('patrol.intro')}</p>

      <h3>{t('patrol.category')}</h3>
      <CategoryPicker value={category} onChange={setCategory} invalid={false} testIdPrefix="patrol" />

      <h3>{t('patrol.questions')}</h3>
      {QUESTIONS.map((q) => (
        <YesNoQuestion key={q} id={q} label={t(`patrol.q.${q}`)} value={answers[q]} onChange={(v) => setAnswers((a) => ({ ...a, [q]: v }))} testIdPrefix="patrol" />
      ))}

      <h3>{t('patrol.location')}</h3>
      <PatrolMap value={location} onPick={setPin} title={t('patrol.pin')} />
      <p className="small" data-testid="patrol-location-state" data-source={pin ? 'map_pin' : location ? 'gps' : ''}>
        {pin ? t('patrol.fromPin') : location ? t('patrol.fromGps', { m: me?.accuracyM !== undefined ? Math.round(me.accuracyM) : '?' }) : t('patrol.waitingGps')}
        {pin && (
          <>
            {' '}
            <button type="button" className="link-btn" onClick={() => setPin(null)}>
              {t('patrol.backToGps')}
            </button>
          </>
        )}
      </p>
      {outside && (
        <div className="note note-error" role="alert" data-testid="patrol-outside">
          {t('patrol.outside', { city })}
        </div>
      )}

      <label className="field">
        <span>{t('patrol.description')}</span>
        <textarea rows={3} maxLength={2000} value={description} onChange={(e) => setDescription(e.target.value)} placeholder={t('patrol.descriptionHint')} data-testid="patrol-description" />
      </label>

      <PhotoInput value={photo} onChange={setPhoto} />

      {error && (
        <div className="note note-error" role="alert" data-testid="patrol-error">
          {error}
        </div>
      )}
      <div className="patrol-actions">
        <button type="button" className="btn btn-ok btn-large" disabled={busy || outside} onClick={() => void submit()} data-testid="patrol-submit">
          {busy ? t('patrol.sending') : t('patrol.submit')}
        </button>
        <button type="button" className="btn btn-ghost" disabled={busy} onClick={onCancel} data-testid="patrol-cancel">
          {t('patrol.cancel')}
        </button>
      </div>
    </section>
  )
}

/** A small map with the place as a pin the member can drag or move by tapping. */
function PatrolMap({ value, onPick, title }: { value: Point | null; onPick: (p: Point) => void; title: string }) {
  const [map, setMap] = useState<L.Map | null>(null)
  usePin(map, value, onPick, title)
  // Follow the phone's fix until there is one to show; after that the member moves the pin.
  const centred = useRef(false)
  useEffect(() => {
    if (!map || !value || centred.current) return
    map.setView([value.lat, value.lon], 17)
    centred.current = true
  }, [map, value])
  return (
    <div className="patrol-map-wrap">
      <MapView className="patrol-map" testId="patrol-map" onReady={setMap} kecamatan={false} />
    </div>
  )
}

/** An optional photo, shrunk on the phone before it is sent (as on the citizen's form). */
function PhotoInput({ value, onChange }: { value: Blob | null; onChange: (jpeg: Blob | null) => void }) {
  const { t } = useTranslation('team')
  const { input, preparing, failed, pick } = usePhotoPick(onChange)
  return (
    <div className="patrol-photo">
      <CameraInput inputRef={input} label={t('patrol.photo')} testId="patrol-photo-input" onPick={pick} />
      <div className="row-wrap">
        <button type="button" className="btn" onClick={() => input.current?.click()} disabled={preparing}>
          {preparing ? t('patrol.photoPreparing') : value ? t('patrol.photoReplace') : t('patrol.photo')}
        </button>
        {value && (
          <button type="button" className="btn btn-ghost" onClick={() => onChange(null)} data-testid="patrol-photo-remove">
            {t('patrol.photoRemove')}
          </button>
        )}
      </div>
      {value && <small className="hint">{t('patrol.photoReady')}</small>}
      {failed && <div className="note note-warn">{t('patrol.photoUnreadable')}</div>}
    </div>
  )
}
