import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { API } from '@shared/api.js'
import type { IncomingCase } from '@shared/stays.js'
import { ConnectionPill } from '../../../components/connection-pill.js'
import { ErrorNote } from '../../../components/error-note.js'
import { LanguageSwitch } from '../../../components/language-switch.js'
import { useSession } from '../../../components/require-session.js'
import { useCityConfig } from '../../../lib/city-config.js'
import { formatDateTime, formatTime } from '../../../lib/time.js'
import { confirmReceipt, type Resident } from '../api/facility.js'
import { useFacilityLive } from '../hooks/use-facility-live.js'
import { CheckOutForm } from './check-out-form.js'
import '../facility.css'

/** The receiving facility's screen: bed counts, cases on their way, residents and check-out. */
export function FacilityPage() {
  const { t } = useTranslation('facility')
  const { session } = useSession()
  // Facility staff work at their own destination; an admin may open any with ?destination=<id>.
  const destinationId = session.user.destinationId ?? new URLSearchParams(location.search).get('destination')
  if (!destinationId) {
    return (
      <main className="boot">
        <div className="note note-error">{t('noFacility')}</div>
      </main>
    )
  }
  return <Facility destinationId={destinationId} />
}

function Facility({ destinationId }: { destinationId: string }) {
  const { t } = useTranslation('facility')
  const { signOut } = useSession()
  const live = useFacilityLive(destinationId)
  const [leaving, setLeaving] = useState<Resident | null>(null)
  const d = live.destination
  return (
    <div className="facility-app" data-testid="facility-page">
      <header className="facility-head">
        <strong data-testid="facility-name">{d?.name ?? '…'}</strong>
        <span className="spacer" />
        <ConnectionPill state={live.connection} />
        <LanguageSwitch />
        <button type="button" className="btn btn-ghost btn-small" onClick={signOut}>
          {t('signOut')}
        </button>
      </header>
      {live.error ? <ErrorNote error={live.error} onRetry={() => void live.reload()} /> : null}
      <main className="facility-main">
        <section className="card facility-beds" aria-labelledby="beds-title">
          <h2 id="beds-title">{t('beds.title')}</h2>
          <dl className="beds">
            <div>
              <dt>{t('beds.occupied')}</dt>
              <dd data-testid="beds-occupied">{d?.occupancy ?? t('beds.unknown')}</dd>
            </div>
            <div>
              <dt>{t('beds.capacity')}</dt>
              <dd data-testid="beds-capacity">{d?.capacity ?? '–'}</dd>
            </div>
            <div>
              <dt>{t('beds.free')}</dt>
              <dd data-testid="beds-free">{d?.free ?? '–'}</dd>
            </div>
          </dl>
        </section>
        <section className="card" aria-labelledby="incoming-title">
          <h2 id="incoming-title">{t('incoming.title')}</h2>
          {live.loaded && live.incoming.length === 0 ? <p className="muted">{t('incoming.empty')}</p> : null}
          <ul className="facility-list" data-testid="incoming-list">
            {live.incoming.map((c) => (
              <IncomingItem key={c.incidentId} item={c} onConfirmed={() => void live.reload()} />
            ))}
          </ul>
        </section>
        <section className="card" aria-labelledby="residents-title">
          <h2 id="residents-title">{t('residents.title')}</h2>
          {live.loaded && live.residents.length === 0 ? <p className="muted">{t('residents.empty')}</p> : null}
          <ul className="facility-list" data-testid="resident-list">
            {live.residents.map((r) => (
              <ResidentItem key={r.stay.id} resident={r} onCheckOut={() => setLeaving(r)} />
            ))}
          </ul>
        </section>
      </main>
      {leaving ? (
        <CheckOutForm
          resident={leaving}
          currentDestinationId={destinationId}
          onClose={() => setLeaving(null)}
          onDone={() => {
            setLeaving(null)
            void live.reload()
          }}
        />
      ) : null}
    </div>
  )
}

function IncomingItem({ item, onConfirmed }: { item: IncomingCase; onConfirmed: () => void }) {
  const { t, i18n } = useTranslation('facility')
  const city = useCityConfig()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const h = item.handover
  const confirm = async () => {
    if (!h) return
    setBusy(true)
    setError(null)
    try {
      await confirmReceipt(h.id)
      onConfirmed()
    } catch (err) {
      setError(err)
    } finally {
      setBusy(false)
    }
  }
  return (
    <li className="facility-item" data-testid={`incoming-${item.incidentId}`}>
      <div className="facility-item-main">
        <strong>{h ? (h.personName ?? t('incoming.unnamed')) : t(`common:category.${item.category}`)}</strong>
        <span className="muted small">
          {item.team ? t('incoming.team', { callSign: item.team.callSign }) : null}
          {h ? ` · ${t('incoming.handedOver', { time: formatTime(h.handedOverAt, i18n.language, city.timezone) })}` : ` · ${t('incoming.onTheWay')}`}
          {!h && item.distanceM !== null ? ` · ${t('incoming.distance', { km: (item.distanceM / 1000).toFixed(1) })}` : null}
        </span>
        {!h && item.etaS !== null ? (
          <span className="small" data-testid={`eta-${item.incidentId}`} title={t('incoming.etaHow')}>
            {t('incoming.eta', { minutes: Math.max(1, Math.round(item.etaS / 60)) })}
          </span>
        ) : null}
        {h?.condition ? <span className="small">{h.condition}</span> : item.description ? <span className="small">{item.description}</span> : null}
        {error ? <ErrorNote error={error} /> : null}
      </div>
      {h ? (
        <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void confirm()} data-testid={`confirm-${item.incidentId}`}>
          {busy ? t('incoming.confirming') : t('incoming.confirm')}
        </button>
      ) : (
        <span className="chip" data-testid={`coming-${item.incidentId}`}>
          {t('incoming.onTheWay')}
        </span>
      )}
    </li>
  )
}

function ResidentItem({ resident, onCheckOut }: { resident: Resident; onCheckOut: () => void }) {
  const { t, i18n } = useTranslation('facility')
  const city = useCityConfig()
  const { stay, person } = resident
  const age = person.birthYear ? new Date().getFullYear() - person.birthYear : null
  return (
    <li className={`facility-item alert-${stay.alert}`} data-testid={`resident-${person.id}`}>
      <div className="facility-item-main">
        <strong>
          {person.name ?? t('incoming.unnamed')}{' '}
          <span className="muted small">
            ({t(`sex.${person.sex}`)}
            {age !== null ? `, ${t('residents.age', { age })}` : ''})
          </span>
        </strong>
        <span className="small">
          <span data-testid={`days-${person.id}`}>{t('residents.days', { count: stay.daysStayed })}</span> ·{' '}
          {t('residents.since', { time: formatDateTime(stay.checkedInAt, i18n.language, city.timezone) })}
          {stay.dueAt ? ` · ${t('residents.due', { time: formatDateTime(stay.dueAt, i18n.language, city.timezone) })}` : null}
        </span>
        {stay.alert === 'due_soon' ? (
          <span className="badge badge-warn" data-testid={`alert-${person.id}`}>
            {t('residents.dueSoon')}
          </span>
        ) : null}
        {stay.alert === 'overdue' ? (
          <span className="badge badge-danger" data-testid={`alert-${person.id}`}>
            {t('residents.overdue')}
          </span>
        ) : null}
      </div>
      <div className="facility-actions">
        {stay.handoverId ? (
          <a className="btn btn-ghost btn-small" href={`${API.handovers}/${stay.handoverId}/bast.pdf`} target="_blank" rel="noopener" data-testid={`bast-${person.id}`}>
            {t('residents.bast')}
          </a>
        ) : null}
        <button type="button" className="btn" onClick={onCheckOut} data-testid={`check-out-${person.id}`}>
          {t('residents.checkOut')}
        </button>
      </div>
    </li>
  )
}
