import { useEffect, useState } from 'react'
import type { RecommendedDestination } from '@shared/destinations.js'
import { useTranslation } from 'react-i18next'
import type { Incident } from '@shared/incidents.js'
import { INCIDENT_TRANSITIONS, PRIORITY_QUESTIONS } from '@shared/incidents.js'
import type { Point } from '@shared/geo.js'
import { PriorityBadge, StatusChip } from '../../../components/badges.js'
import { CategoryIcon } from '../../../components/category-icon.js'
import { ErrorNote } from '../../../components/error-note.js'
import { Icon } from '../../../components/icons.js'
import { IncidentPhotos } from '../../../components/incident-photos.js'
import { useCityConfig } from '../../../lib/city-config.js'
import { distanceM, formatDistance } from '../../../lib/geo.js'
import { directionsUrl, geoUri } from '../lib/navigation.js'
import { useLocale } from '../../../lib/i18n.js'
import { formatTime } from '../../../lib/time.js'
import type { HandoverInput } from '../api/create-handover.js'
import { getIncidentDestinations } from '../api/get-incident-destinations.js'
import type { TeamStep } from '../api/transition-incident.js'
import { AssignmentMap } from './assignment-map.js'
import { HandoverForm } from './handover-form.js'

const ANSWERS = PRIORITY_QUESTIONS

/** The lifecycle as the team walks it; each step's time, and the status it needs before it. */
const STEPS = [
  { to: 'acknowledged', from: 'assigned', time: 'acknowledgedAt' },
  { to: 'en_route', from: 'acknowledged', time: 'enRouteAt' },
  { to: 'on_scene', from: 'en_route', time: 'onSceneAt' },
  { to: 'transporting', from: 'on_scene', time: 'transportingAt' },
  { to: 'handed_over', from: 'transporting', time: 'handedOverAt' },
] as const
const ORDER = ['assigned', 'acknowledged', 'en_route', 'on_scene', 'transporting', 'handed_over']

/** The current case: what, where, who called, the way there, and the status buttons. */
export function AssignmentCard({
  incident: i,
  teamId,
  me,
  pending,
  onStep,
  onQueueHandover,
  onHandedOver,
}: {
  /** The case with the steps still waiting in the outbox applied (features/team/lib/pending-steps.ts). */
  incident: Incident
  teamId: string
  me: Point | null
  /** Steps pressed but not yet recorded by the server. */
  pending: readonly string[]
  /** Records a step through the outbox (sent now, or when the connection returns). */
  onStep: (to: TeamStep, extra?: { destinationId?: string }) => Promise<void>
  /** A handover that found no connection goes to the outbox. */
  onQueueHandover: (input: HandoverInput, key: string) => Promise<void>
  onHandedOver: (place: string) => void
}) {
  const { t } = useTranslation('team')
  const { timezone } = useCityConfig()
  const locale = useLocale()
  const [busy, setBusy] = useState<string | null>(null)
  const [error, setError] = useState<unknown>(null)
  const [handover, setHandover] = useState(false)
  const [choosing, setChoosing] = useState(false)
  // Where the team is taking the person, once chosen: the phone navigates there, not to the pickup point.
  const [heading, setHeading] = useState<{ id: string; name: string; location: Point } | null>(null)
  useEffect(() => {
    if (i.status !== 'transporting' || !i.destinationId || heading?.id === i.destinationId) return
    getIncidentDestinations(i.id).then(
      (opts) => {
        const d = opts.find((o) => o.destination.id === i.destinationId)?.destination
        if (d) setHeading({ id: d.id, name: d.name, location: d.location })
      },
      () => {},
    )
  }, [i.id, i.status, i.destinationId, heading?.id])
  const target = i.status === 'transporting' && heading ? heading.location : i.location
  const step = async (to: TeamStep, extra: { destinationId?: string } = {}) => {
    if (to === 'not_found' && !window.confirm(t('confirmNotFound'))) return
    setBusy(to)
    setError(null)
    try {
      await onStep(to, extra)
      setChoosing(false)
    } catch (err) {
      setError(err)
    } finally {
      setBusy(null)
    }
  }

  const at = ORDER.indexOf(i.status)
  const isNew = i.status === 'assigned'
  const answers = ANSWERS.filter((k) => i.answers?.[k])
  const canNotFound = INCIDENT_TRANSITIONS[i.status].includes('not_found')

  return (
    <section className={`card assignment ${isNew ? 'is-new' : ''}`} data-testid="assignment" data-incident-id={i.id} data-status={i.status}>
      {isNew ? (
        <div className="assignment-banner" role="alert">
          <div className="assignment-banner-text">
            <strong>{t('assignment.new')}</strong>
            {i.ackDeadline && <span>{t('assignment.ackBy', { time: formatTime(i.ackDeadline, locale, timezone) })}</span>}
          </div>
          {/* First on the card, so it is on screen without scrolling whatever the description. */}
          <button type="button" className="btn btn-large accept-btn" disabled={!!busy} onClick={() => void step('acknowledged')} data-testid="accept">
            {t('assignment.accept')}
          </button>
        </div>
      ) : (
        <div className="assignment-label">{t('assignment.current')}</div>
      )}
      <div className="assignment-head">
        <span className="cat-icon">
          <CategoryIcon category={i.category} size={28} />
        </span>
        <div>
          <h2>{t(`common:category.${i.category}`)}</h2>
          <div className="row-wrap">
            <PriorityBadge priority={i.priority} />
            <StatusChip status={i.status} testId="assignment-status" />
          </div>
        </div>
      </div>

      <div className="assignment-where">
        <strong>{[i.area.kelurahan, i.area.kecamatan].filter(Boolean).join(', ')}</strong>
        {me && <span className="muted"> · {t('assignment.distance', { d: formatDistance(distanceM(me, i.location)) })}</span>}
        {i.address && (
          <div>
            {t('assignment.landmark')}: {i.address}
          </div>
        )}
      </div>

      {i.status === 'transporting' && heading && (
        <div className="note note-info" data-testid="heading-to" data-destination-id={heading.id}>
          {t('assignment.headingTo', { name: heading.name })}
        </div>
      )}
      <div className="assignment-map-wrap">
        <AssignmentMap target={target} me={me} />
      </div>
      <div className="nav-links">
        <a className="btn btn-primary" href={directionsUrl(target)} target="_blank" rel="noopener noreferrer" data-testid="navigate">
          {i.status === 'transporting' && heading ? t('assignment.navigateTo', { name: heading.name }) : t('assignment.navigate')}
        </a>
        <a className="btn" href={geoUri(target)}>
          {t('assignment.openMaps')}
        </a>
      </div>

      <div className="assignment-desc">
        <div className="small muted">{t('assignment.description')}</div>
        <p data-testid="assignment-description">{i.description || <span className="muted">{t('assignment.noDescription')}</span>}</p>
        {answers.length > 0 && (
          <div className="row-wrap">
            {answers.map((k) => (
              <span key={k} className="answer-tag">
                {t(`common:answers.${k}`)}
              </span>
            ))}
          </div>
        )}
        <IncidentPhotos incidentId={i.id} label={t('assignment.photos')} />
        <div className="small reporter">
          {t('assignment.reporter')}: {i.source === 'patrol' ? t('common:incidentSource.patrol') : i.reporter?.name || (i.reporter?.phone ? '' : t('assignment.anonymous'))}
          {i.reporter?.phone && (
            <>
              {' '}
              <a href={`tel:${i.reporter.phone.replace(/[^+0-9]/g, '')}`} className="btn btn-small">
                {t('assignment.call')} {i.reporter.phone}
              </a>
            </>
          )}
        </div>
        {/* A case found on patrol has no citizen to follow it, so no tracking code to pass on (decision 015). */}
        {i.source !== 'patrol' && (
          <div className="small muted">
            {t('assignment.code')}: <span className="mono">{i.trackingCode}</span>
          </div>
        )}
      </div>

      <ErrorNote error={error} testId="step-error" />
      <ol className="steps-list">
        {STEPS.map((s, idx) => {
          const done = at > idx
          const next = at === idx
          const time = i.times[s.time]
          return (
            <li key={s.to}>
              <button
                type="button"
                className={`btn btn-large step-btn ${done ? 'is-done' : next ? 'btn-primary' : ''}`}
                disabled={!next || !!busy}
                aria-pressed={done}
                data-testid={`step-${s.to}`}
                data-pending={pending.includes(s.to) || undefined}
                onClick={() => (s.to === 'handed_over' ? setHandover(true) : s.to === 'transporting' ? setChoosing(true) : void step(s.to))}
              >
                <span className="step-check" aria-hidden="true">
                  {done ? '✓' : idx + 1}
                </span>
                <span className="step-name">{t(`steps.${s.to}`)}</span>
                {done && time && <span className="step-at mono">{formatTime(time, locale, timezone)}</span>}
                {pending.includes(s.to) && (
                  <span className="step-pending" title={t('outbox.pendingStep')} aria-label={t('outbox.pendingStep')}>
                    <Icon name="upload" />
                  </span>
                )}
              </button>
            </li>
          )
        })}
        <li>
          <button type="button" className="btn btn-large btn-danger step-btn" disabled={!canNotFound || !!busy} data-testid="step-not_found" onClick={() => void step('not_found')}>
            <span className="step-check" aria-hidden="true">
              ✕
            </span>
            <span className="step-name">{t('steps.not_found')}</span>
          </button>
        </li>
      </ol>

      {choosing && i.status === 'on_scene' && (
        <TransportPicker
          incidentId={i.id}
          busy={!!busy}
          onPick={(d) => {
            if (d) setHeading({ id: d.id, name: d.name, location: d.location })
            void step('transporting', d ? { destinationId: d.id } : {})
          }}
          onCancel={() => setChoosing(false)}
        />
      )}
      {handover && i.status === 'transporting' && <HandoverForm incident={i} teamId={teamId} onCancel={() => setHandover(false)} onDone={onHandedOver} onQueue={onQueueHandover} />}
    </section>
  )
}

/** Where to take the person, ranked by the server (fit for the case, free beds, distance). */
function TransportPicker({ incidentId, busy, onPick, onCancel }: { incidentId: string; busy: boolean; onPick: (d: RecommendedDestination['destination'] | null) => void; onCancel: () => void }) {
  const { t } = useTranslation('team')
  const [options, setOptions] = useState<RecommendedDestination[] | null>(null)
  const [error, setError] = useState<unknown>(null)
  useEffect(() => {
    getIncidentDestinations(incidentId).then(setOptions, setError)
  }, [incidentId])
  return (
    <div className="transport-picker" data-testid="transport-picker">
      <h3>{t('transport.title')}</h3>
      <p className="small muted">{t('transport.hint')}</p>
      <ErrorNote error={error} />
      {options && options.length === 0 && <div className="note note-warn">{t('transport.none')}</div>}
      <div className="dest-options">
        {options?.map(({ destination: d, distanceM: m }) => (
          <button key={d.id} type="button" className="dest-option btn" disabled={busy} onClick={() => onPick(d)} data-testid={`transport-dest-${d.id}`}>
            <span className="dest-option-main">
              <strong>{d.name}</strong>
              <span className="small muted">
                {t(`common:destinationKind.${d.kind}`)} · {formatDistance(m)}
              </span>
            </span>
            <span className={`dest-free ${d.free === null ? 'no-limit' : ''}`}>{d.free === null ? t('handover.noLimit') : t('handover.free', { free: d.free })}</span>
          </button>
        ))}
      </div>
      <div className="row-wrap">
        <button type="button" className="btn" disabled={busy} onClick={() => onPick(null)} data-testid="transport-later">
          {t('transport.later')}
        </button>
        <button type="button" className="btn btn-ghost" onClick={onCancel}>
          {t('transport.cancel')}
        </button>
      </div>
    </div>
  )
}
