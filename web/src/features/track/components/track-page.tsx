import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { IncidentStatus, IncidentTimes, TrackingView } from '@shared/incidents.js'
import { CategoryIcon } from '../../../components/category-icon.js'
import { ConnectionPill } from '../../../components/connection-pill.js'
import { ErrorNote } from '../../../components/error-note.js'
import { LanguageSwitch } from '../../../components/language-switch.js'
import { ApiError } from '../../../lib/api.js'
import { useCityConfig } from '../../../lib/city-config.js'
import { useLocale } from '../../../lib/i18n.js'
import { formatDateTime, formatTime, zoneName } from '../../../lib/time.js'
import { TRACKING_CODE } from '../api/get-tracking.js'
import { useTracking } from '../hooks/use-tracking.js'
import '../track.css'

type StepKey = 'received' | 'assigned' | 'en_route' | 'on_scene' | 'handed_over' | 'closed'
type StepState = 'done' | 'current' | 'pending' | 'skipped'

const STEPS: { key: StepKey; time: keyof IncidentTimes }[] = [
  { key: 'received', time: 'reportedAt' },
  { key: 'assigned', time: 'assignedAt' },
  { key: 'en_route', time: 'enRouteAt' },
  { key: 'on_scene', time: 'onSceneAt' },
  { key: 'handed_over', time: 'handedOverAt' },
  { key: 'closed', time: 'closedAt' },
]

/** How far along the public steps a status is (index of the last step reached). */
const REACHED: Record<IncidentStatus, number> = {
  reported: 0,
  assigned: 1,
  acknowledged: 1,
  en_route: 2,
  on_scene: 3,
  transporting: 3,
  handed_over: 4,
  closed: 5,
  not_found: 3,
  cancelled: 0,
  duplicate: 0,
}

function stepStates(v: TrackingView): StepState[] {
  const reached = REACHED[v.status]
  const ended = ['closed', 'cancelled', 'duplicate', 'not_found'].includes(v.status)
  return STEPS.map((s, i) => {
    if (i === 0) return 'done'
    if (i <= reached) return v.times[s.time] || i === reached ? 'done' : 'skipped'
    if (ended) return v.times[s.time] ? 'done' : 'skipped'
    return i === reached + 1 ? 'current' : 'pending'
  })
}

/** The public tracking page: live steps with times, no personal data, no team position. */
export function TrackPage() {
  const { t } = useTranslation('track')
  const code = codeFromPath(location.pathname)
  return (
    <div className="track">
      <header className="track-head">
        <div>
          <div className="brand">{t('common:appName')}</div>
          <div className="muted small">{t('common:agency', { city: useCityConfig().city })}</div>
        </div>
        <LanguageSwitch />
      </header>
      <main className="track-main">{code && TRACKING_CODE.test(code) ? <Tracking code={code} /> : <CodeForm initial={code ?? ''} />}</main>
      <footer className="track-foot">
        <p className="muted small">{t('emergency')}</p>
        <a href="/">{t('newReport')}</a>
      </footer>
    </div>
  )
}

function codeFromPath(path: string): string | null {
  const m = /^\/track\/([^/?#]+)/.exec(path)
  return m ? decodeURIComponent(m[1]!).trim().toUpperCase() : null
}

function Tracking({ code }: { code: string }) {
  const { t } = useTranslation('track')
  const { timezone } = useCityConfig()
  const locale = useLocale()
  const { view, error, connection, updatedAt } = useTracking(code)

  if (error && !view) {
    const notFound = error instanceof ApiError && error.code === 'not_found'
    return (
      <>
        {notFound ? (
          <div className="note note-error" role="alert" data-testid="track-not-found">
            {t('notFound')}
          </div>
        ) : (
          <ErrorNote error={error} />
        )}
        <CodeForm initial={code} />
      </>
    )
  }
  if (!view) return <p className="muted">{t('common:loading')}</p>

  const states = stepStates(view)
  const ended = view.status === 'cancelled' || view.status === 'duplicate' || view.status === 'not_found'
  const message = ended ? t(`ended.${view.status}`) : t(`current.${view.status === 'acknowledged' ? 'assigned' : view.status}`)
  return (
    <section className="card track-card" data-testid="track-view">
      <h1>{t('heading')}</h1>
      <div className="track-summary">
        <span className="cat-icon">
          <CategoryIcon category={view.category} size={28} />
        </span>
        <div>
          <div className="strong">{t(`common:category.${view.category}`)}</div>
          <div className="muted small">
            {view.kecamatan ? `${t('area')}: ${view.kecamatan} · ` : ''}
            {t('reportedAt')} {formatDateTime(view.times.reportedAt, locale, timezone)}
          </div>
        </div>
      </div>
      <div className="track-code">
        <span className="muted small">{t('code')}</span>
        <span className="mono" data-testid="track-code">
          {view.trackingCode}
        </span>
      </div>

      <p
        className={`note ${ended ? 'note-warn' : view.status === 'handed_over' || view.status === 'closed' ? 'note-ok' : 'note-info'}`}
        data-testid="track-status"
        data-status={view.status}
        aria-live="polite"
      >
        <strong>{t(`common:status.${view.status}`)}</strong>
        <br />
        {message}
      </p>

      <ol className="steps">
        {STEPS.map((s, i) => {
          const state = states[i]!
          const time = view.times[s.time]
          const label = s.key === 'handed_over' && view.status === 'transporting' ? t('common:status.transporting') : t(`steps.${s.key}`)
          const shownTime = s.key === 'handed_over' && view.status === 'transporting' ? view.times.transportingAt : time
          return (
            <li key={s.key} className={`step step-${state}`} data-testid={`track-step-${s.key}`} data-state={state}>
              <span className="step-mark" aria-hidden="true" />
              <span className="step-label">{label}</span>
              <span className="step-time mono">{state === 'skipped' ? t('skipped') : shownTime && state !== 'pending' ? formatTime(shownTime, locale, timezone) : ''}</span>
            </li>
          )
        })}
      </ol>

      <div className="track-live">
        <ConnectionPill state={connection} />
        <span className="muted small">
          {connection === 'online' ? t('live') : ''}
          {updatedAt ? ` · ${t('lastUpdate', { time: formatTime(updatedAt.toISOString(), locale, timezone, true) })}` : ''}
        </span>
      </div>
      <p className="muted small">
        {t('timeZone', { zone: zoneName(locale, timezone) })} · {t('privacy')}
      </p>
    </section>
  )
}

function CodeForm({ initial }: { initial: string }) {
  const { t } = useTranslation('track')
  const [value, setValue] = useState(initial)
  const [invalid, setInvalid] = useState(false)
  const submit = (e: FormEvent) => {
    e.preventDefault()
    const code = value.trim().toUpperCase()
    if (!TRACKING_CODE.test(code)) return setInvalid(true)
    location.assign(`/track/${code}`)
  }
  return (
    <form className="card track-form" onSubmit={submit}>
      <label className="field">
        <span>{t('code')}</span>
        <input type="text" className="mono" value={value} autoCapitalize="characters" autoComplete="off" spellCheck={false} aria-invalid={invalid} onChange={(e) => setValue(e.target.value)} />
        <small>{invalid ? t('invalidCode') : t('enterCode')}</small>
      </label>
      <button type="submit" className="btn btn-primary">
        {t('track')}
      </button>
    </form>
  )
}
