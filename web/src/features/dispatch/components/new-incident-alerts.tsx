import { useTranslation } from 'react-i18next'
import { PriorityBadge } from '../../../components/badges.js'
import { CategoryIcon } from '../../../components/category-icon.js'
import { useDispatch, useDispatchStore } from '../hooks/use-dispatch.js'

/**
 * Banners for what needs the dispatcher since the console was opened (new reports, timeouts,
 * cases waiting too long), until opened or dismissed.
 */
export function NewIncidentAlerts({ onOpen }: { onOpen: (id: string) => void }) {
  const { t } = useTranslation('dispatch')
  const store = useDispatchStore()
  const alerts = useDispatch((s) => s.alerts)
  const incidents = useDispatch((s) => s.incidents)
  const teams = useDispatch((s) => s.teams)
  const stayAlerts = useDispatch((s) => s.stayAlerts)
  const shown = alerts.slice(-3).reverse()
  // Stays need attention today, not this minute: after the cases, at most two, then a count.
  const stays = stayAlerts.slice(0, shown.length ? 1 : 2)
  if (shown.length === 0 && stays.length === 0) return null
  return (
    <div className="alerts" role="alert" aria-live="assertive" data-testid="new-incident-alerts">
      {shown.map((a) => {
        const i = incidents.get(a.incidentId)
        return (
          <div key={a.seq} className={`alert-card alert-${a.kind}`} data-testid={`alert-${a.incidentId}`} data-kind={a.kind}>
            <span className="alert-bell" aria-hidden="true">
              <svg width="20" height="20" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2">
                <path d="M6 16V11a6 6 0 1 1 12 0v5l2 2H4zM10 20a2 2 0 0 0 4 0" />
              </svg>
            </span>
            <div className="alert-main">
              <strong>{t(`alert.kind.${a.kind}`, { team: (a.teamId && teams.get(a.teamId)?.callSign) || '?', n: a.tried ?? 0 })}</strong>
              {i && (
                <div className="row-wrap small">
                  <PriorityBadge priority={i.priority} />
                  <CategoryIcon category={i.category} size={16} />
                  <span>{t(`common:category.${i.category}`)}</span>
                  {i.area.kecamatan && <span className="muted">· {i.area.kecamatan}</span>}
                </div>
              )}
            </div>
            <button
              type="button"
              className="btn btn-primary btn-small"
              onClick={() => {
                store.dismissAlertsFor(a.incidentId)
                onOpen(a.incidentId)
              }}
            >
              {t('alert.open')}
            </button>
            <button type="button" className="btn btn-ghost btn-small" aria-label={t('alert.dismiss')} onClick={() => store.dismissAlert(a.seq)}>
              ✕
            </button>
          </div>
        )
      })}
      {stays.map((a) => (
        <div key={a.stay.id} className={`alert-card alert-stay-${a.stay.alert}`} data-testid={`stay-alert-${a.stay.id}`} data-kind={a.stay.alert}>
          <div className="alert-main">
            <strong>{t(`alert.stay.${a.stay.alert === 'overdue' ? 'overdue' : 'dueSoon'}`, { name: a.personName ?? t('alert.stay.unnamed'), place: a.destinationName })}</strong>
            <div className="small muted">
              {t('alert.stay.days', { count: a.stay.daysStayed })}
              {stayAlerts.length > stays.length ? ` · ${t('alert.stay.more', { n: stayAlerts.length - stays.length })}` : ''}
            </div>
          </div>
          {a.incidentId ? (
            <button type="button" className="btn btn-primary btn-small" onClick={() => onOpen(a.incidentId!)}>
              {t('alert.open')}
            </button>
          ) : null}
          <button type="button" className="btn btn-ghost btn-small" aria-label={t('alert.dismiss')} onClick={() => store.dismissStayAlert(a.stay.id)}>
            ✕
          </button>
        </div>
      ))}
    </div>
  )
}
