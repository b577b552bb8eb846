import type L from 'leaflet'
import { useRef, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { Point } from '@shared/geo.js'
import { INCIDENT_CATEGORIES, NO_PRIORITY_ANSWERS, PRIORITIES, PRIORITY_QUESTIONS, type Incident, type IncidentCategory, type Priority, type PriorityAnswers } from '@shared/incidents.js'
import { ErrorNote } from '../../../components/error-note.js'
import { MapView } from '../../../components/map/map-view.js'
import { usePin } from '../../../components/map/use-pin.js'
import { Modal } from '../../../components/modal.js'
import { newIdempotencyKey } from '../../../lib/api.js'
import { createCallTakerReport, type CallTakerInput } from '../api/create-call-taker-report.js'

const ANSWERS = PRIORITY_QUESTIONS

/** A report taken by phone: the caller's name and number are required; priority may be set. */
export function CallTakerDialog({ onClose, onCreated }: { onClose: () => void; onCreated: (i: Incident) => void }) {
  const { t } = useTranslation('dispatch')
  const [map, setMap] = useState<L.Map | null>(null)
  const [name, setName] = useState('')
  const [phone, setPhone] = useState('')
  const [category, setCategory] = useState<IncidentCategory | ''>('')
  const [answers, setAnswers] = useState<PriorityAnswers>(NO_PRIORITY_ANSWERS)
  const [priority, setPriority] = useState<Priority | ''>('')
  const [location, setLocation] = useState<Point | null>(null)
  const [address, setAddress] = useState('')
  const [description, setDescription] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const [tried, setTried] = useState(false)
  const attempt = useRef<{ body: string; key: string } | null>(null)
  usePin(map, location, setLocation, t('form.location'))

  const missing = [!name.trim() && t('form.callerName'), !phone.trim() && t('form.callerPhone'), !category && t('form.category'), !location && t('form.location')].filter(Boolean)

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setTried(true)
    if (missing.length || !category || !location) return
    const input: CallTakerInput = {
      category,
      location,
      locationSource: 'map_pin',
      ...(address.trim() ? { address: address.trim() } : {}),
      description: description.trim(),
      answers,
      reporter: { name: name.trim(), phone: phone.trim() },
      ...(priority ? { priority } : {}),
    }
    const body = JSON.stringify(input)
    if (attempt.current?.body !== body) attempt.current = { body, key: newIdempotencyKey() }
    setBusy(true)
    setError(null)
    try {
      onCreated(await createCallTakerReport(input, attempt.current.key))
    } catch (err) {
      setError(err)
    } finally {
      setBusy(false)
    }
  }

  return (
    <Modal title={t('form.title')} onClose={onClose} testId="call-taker-dialog" wide>
      <form className="ct-form" onSubmit={submit} noValidate>
        <div className="ct-fields">
          <div className="two-col">
            <label className="field">
              <span>{t('form.callerName')} *</span>
              <input type="text" value={name} maxLength={120} onChange={(e) => setName(e.target.value)} aria-invalid={tried && !name.trim()} data-testid="ct-name" />
            </label>
            <label className="field">
              <span>{t('form.callerPhone')} *</span>
              <input type="tel" value={phone} maxLength={20} onChange={(e) => setPhone(e.target.value)} aria-invalid={tried && !phone.trim()} data-testid="ct-phone" />
            </label>
          </div>
          <label className="field">
            <span>{t('form.category')} *</span>
            <select value={category} onChange={(e) => setCategory(e.target.value as IncidentCategory)} aria-invalid={tried && !category} data-testid="ct-category">
              <option value="">{t('form.chooseCategory')}</option>
              {INCIDENT_CATEGORIES.map((c) => (
                <option key={c} value={c}>
                  {t(`common:category.${c}`)}
                </option>
              ))}
            </select>
          </label>
          <fieldset>
            <legend>{t('form.answers')}</legend>
            <div className="row-wrap">
              {ANSWERS.map((a) => (
                <label key={a} className="check">
                  <input type="checkbox" checked={answers[a]} onChange={(e) => setAnswers((s) => ({ ...s, [a]: e.target.checked }))} data-testid={`ct-answer-${a}`} />
                  {t(`common:answers.${a}`)}
                </label>
              ))}
            </div>
          </fieldset>
          <label className="field">
            <span>{t('form.priority')}</span>
            <select value={priority} onChange={(e) => setPriority(e.target.value as Priority | '')} data-testid="ct-priority">
              <option value="">{t('form.priorityAuto')}</option>
              {PRIORITIES.map((p) => (
                <option key={p} value={p}>
                  {t(`common:priority.${p}`)}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>{t('form.address')}</span>
            <input type="text" value={address} maxLength={500} onChange={(e) => setAddress(e.target.value)} data-testid="ct-address" />
          </label>
          <label className="field">
            <span>{t('form.description')}</span>
            <textarea value={description} maxLength={2000} rows={3} onChange={(e) => setDescription(e.target.value)} data-testid="ct-description" />
          </label>
        </div>
        <div className="ct-map-col">
          <span className="legend">{t('form.location')} *</span>
          <div className={`ct-map ${tried && !location ? 'is-invalid' : ''}`}>
            <MapView onReady={setMap} testId="ct-map" />
          </div>
          <small className="hint">{location ? `${location.lat.toFixed(5)}, ${location.lon.toFixed(5)}` : t('form.locationHint')}</small>
        </div>
        <div className="ct-footer">
          {tried && missing.length > 0 && <div className="note note-warn">{t('form.missing', { fields: missing.join(', ') })}</div>}
          <ErrorNote error={error} testId="ct-error" />
          <div className="modal-actions">
            <button type="button" className="btn" onClick={onClose}>
              {t('common:cancel')}
            </button>
            <button type="submit" className="btn btn-primary" disabled={busy} data-testid="ct-submit">
              {busy ? t('form.submitting') : t('form.submit')}
            </button>
          </div>
        </div>
      </form>
    </Modal>
  )
}
