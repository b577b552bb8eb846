import { lazy, Suspense, useRef, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { IncidentCategory, ReportReceipt } from '@shared/incidents.js'
import { PRIORITY_QUESTIONS } from '@shared/incidents.js'
import { ErrorNote } from '../../../components/error-note.js'
import { LanguageSwitch } from '../../../components/language-switch.js'
import { newIdempotencyKey } from '../../../lib/api.js'
import { useCityConfig } from '../../../lib/city-config.js'
import { createReport, type ReportInput } from '../api/create-report.js'
import { rememberReport, recentReports } from '../lib/recent-reports.js'
import { CategoryPicker } from '../../../components/category-picker.js'
import { LocationPicker, type PickedLocation } from './location-picker.js'
import { PhotoPicker } from './photo-picker.js'
import { YesNoQuestion } from '../../../components/yes-no-question.js'
import '../report.css'

// The receipt is needed only after sending: it is fetched when the reporter first touches the
// form, and a send waits for it, so a page that has sent a report can always show its code.
const loadReceipt = () => import('./report-receipt.js')
const ReportReceiptView = lazy(() => loadReceipt().then((m) => ({ default: m.ReportReceiptView })))
const preloadReceipt = () => void loadReceipt().catch(() => {})

const QUESTIONS = PRIORITY_QUESTIONS
type Answers = Record<(typeof QUESTIONS)[number], boolean | null>
const NO_ANSWERS: Answers = { unconscious: null, injured: null, child: null, badWeather: null, aggressive: null }

/** The citizen's report: no account, phone first, one scrolling form. */
export function ReportPage() {
  const { t } = useTranslation('report')
  const { city } = useCityConfig()
  const [receipt, setReceipt] = useState<{ receipt: ReportReceipt; photo: Blob | null } | null>(null)
  const [formKey, setFormKey] = useState(0)

  return (
    <div className="report">
      <header className="report-head">
        <div>
          <div className="brand">{t('common:appName')}</div>
          <div className="report-agency">{t('common:agency', { city })}</div>
        </div>
        <LanguageSwitch />
      </header>
      <main>
        {receipt ? (
          <Suspense fallback={null}>
            <ReportReceiptView
              receipt={receipt.receipt}
              photo={receipt.photo}
              onAnother={() => {
                setReceipt(null)
                setFormKey((k) => k + 1)
                window.scrollTo(0, 0)
              }}
            />
          </Suspense>
        ) : (
          <ReportForm key={formKey} onDone={(r, photo) => setReceipt({ receipt: r, photo })} />
        )}
      </main>
    </div>
  )
}

function ReportForm({ onDone }: { onDone: (r: ReportReceipt, photo: Blob | null) => void }) {
  const { t } = useTranslation('report')
  const [category, setCategory] = useState<IncidentCategory | null>(null)
  const [answers, setAnswers] = useState<Answers>(NO_ANSWERS)
  const [location, setLocation] = useState<PickedLocation | null>(null)
  const [address, setAddress] = useState('')
  const [description, setDescription] = useState('')
  const [photo, setPhoto] = useState<Blob | null>(null)
  const [name, setName] = useState('')
  const [phone, setPhone] = useState('')
  const [submitting, setSubmitting] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const [tried, setTried] = useState(false)
  // The same report retried (a dropped connection) keeps its key, so it is stored once.
  const attempt = useRef<{ body: string; key: string } | null>(null)

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setTried(true)
    if (!category || !location) {
      document.querySelector(!category ? '.category-grid' : '.report-map')?.scrollIntoView({ behavior: 'smooth', block: 'center' })
      return
    }
    const input: ReportInput = {
      category,
      location: { lon: location.lon, lat: location.lat, ...(location.accuracyM !== undefined ? { accuracyM: location.accuracyM } : {}) },
      locationSource: location.source,
      ...(address.trim() ? { address: address.trim() } : {}),
      description: description.trim(),
      answers: { unconscious: !!answers.unconscious, injured: !!answers.injured, child: !!answers.child, badWeather: !!answers.badWeather, aggressive: !!answers.aggressive },
      ...(name.trim() || phone.trim() ? { reporter: { ...(name.trim() ? { name: name.trim() } : {}), ...(phone.trim() ? { phone: phone.trim() } : {}) } } : {}),
    }
    const body = JSON.stringify(input)
    if (attempt.current?.body !== body) attempt.current = { body, key: newIdempotencyKey() }
    setSubmitting(true)
    setError(null)
    try {
      // Should the receipt's code fail to load, a retry resends with the same key: one report.
      const [receipt] = await Promise.all([createReport(input, attempt.current.key), loadReceipt()])
      rememberReport({ trackingCode: receipt.trackingCode, trackingUrl: receipt.trackingUrl, category, at: new Date().toISOString() })
      onDone(receipt, photo)
    } catch (err) {
      setError(err)
    } finally {
      setSubmitting(false)
    }
  }

  const recent = recentReports()
  return (
    <form className="report-form" onSubmit={submit} onPointerDownCapture={preloadReceipt} onKeyDownCapture={preloadReceipt} noValidate data-testid="report-form">
      <section className="report-intro">
        <h1>{t('heading')}</h1>
        <p>{t('intro')}</p>
        <p className="report-emergency">{t('emergency')}</p>
      </section>

      <section className="card report-section">
        <h2>
          <span className="step-no">1</span>
          {t('steps.who')}
        </h2>
        <CategoryPicker value={category} onChange={setCategory} invalid={tried && !category} />
        {tried && !category && <p className="field-error">{t('missingCategory')}</p>}
      </section>

      <section className="card report-section">
        <h2>
          <span className="step-no">2</span>
          {t('steps.condition')}
        </h2>
        {QUESTIONS.map((q) => (
          <YesNoQuestion key={q} id={q} label={t(`questions.${q}`)} value={answers[q]} onChange={(v) => setAnswers((a) => ({ ...a, [q]: v }))} />
        ))}
        {answers.unconscious && <div className="note note-warn">{t('unconsciousHint')}</div>}
      </section>

      <section className="card report-section">
        <h2>
          <span className="step-no">3</span>
          {t('steps.where')}
        </h2>
        <LocationPicker
          value={location}
          onChange={(l) => {
            setLocation(l)
            // A place found by name is a good start for the landmark the team will look for.
            if (l.label && !address.trim()) setAddress(l.label)
          }}
          invalid={tried && !location}
        />
        {tried && !location && <p className="field-error">{t('location.missing')}</p>}
        <label className="field">
          <span>{t('location.address')}</span>
          <input type="text" value={address} maxLength={500} placeholder={t('location.addressPlaceholder')} onChange={(e) => setAddress(e.target.value)} data-testid="report-address" />
        </label>
      </section>

      <section className="card report-section">
        <h2>
          <span className="step-no">4</span>
          {t('steps.details')}
        </h2>
        <label className="field">
          <span>{t('description')}</span>
          <textarea value={description} maxLength={2000} rows={3} placeholder={t('descriptionPlaceholder')} onChange={(e) => setDescription(e.target.value)} data-testid="report-description" />
        </label>
        <div className="field">
          <span>
            {t('photo.label')} <small>({t('common:optional')})</small>
          </span>
          <PhotoPicker value={photo} onChange={setPhoto} />
        </div>
      </section>

      <section className="card report-section">
        <h2>
          <span className="step-no">5</span>
          {t('steps.contact')} <small className="muted">({t('common:optional')})</small>
        </h2>
        <p className="hint">{t('contact.hint')}</p>
        <div className="two-col">
          <label className="field">
            <span>{t('contact.name')}</span>
            <input type="text" autoComplete="name" value={name} maxLength={120} onChange={(e) => setName(e.target.value)} data-testid="report-name" />
          </label>
          <label className="field">
            <span>{t('contact.phone')}</span>
            <input type="tel" autoComplete="tel" inputMode="tel" value={phone} maxLength={20} placeholder="08…" onChange={(e) => setPhone(e.target.value)} data-testid="report-phone" />
          </label>
        </div>
      </section>

      <div className="report-submit">
        <ErrorNote error={error} testId="report-error" />
        <button type="submit" className="btn btn-primary btn-large" disabled={submitting} data-testid="report-submit">
          {submitting ? t('submitting') : t('submit')}
        </button>
      </div>

      {recent.length > 0 && (
        <section className="report-recent">
          <h3>{t('recent')}</h3>
          <ul>
            {recent.map((r) => (
              <li key={r.trackingCode}>
                <a href={r.trackingUrl || `/track/${r.trackingCode}`} className="mono">
                  {r.trackingCode}
                </a>{' '}
                <span className="muted">· {t(`common:category.${r.category}`)}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
    </form>
  )
}
