import { useTranslation } from 'react-i18next'
import { ExampleTag } from '../../../components/badges.js'
import { useDispatch } from '../hooks/use-dispatch.js'

/** Shelters and homes with live occupancy; hospitals (no capacity kept) folded below. */
export function DestinationList() {
  const { t } = useTranslation('dispatch')
  const destinations = useDispatch((s) => s.destinations)
  const list = [...destinations.values()].filter((d) => d.active)
  if (list.length === 0) return <p className="empty">{t('destinations.empty')}</p>
  const withCapacity = list.filter((d) => d.capacity !== null).sort((a, b) => a.name.localeCompare(b.name))
  const others = list.filter((d) => d.capacity === null).sort((a, b) => a.name.localeCompare(b.name))
  return (
    <div data-testid="destination-list">
      <ul className="dest-list">
        {withCapacity.map((d) => {
          const pct = d.capacity ? Math.min(100, Math.round(((d.occupancy ?? 0) / d.capacity) * 100)) : 0
          const full = d.free !== null && d.free <= 0
          return (
            <li key={d.id} className="dest-row" data-testid={`destination-${d.id}`}>
              <div className="row-wrap">
                {d.isExample && <ExampleTag />}
                <strong>{d.name}</strong>
              </div>
              <div className="small muted">
                {t(`common:destinationKind.${d.kind}`)} · {t('destinations.hours')}: {d.openingHours}
              </div>
              <div className="occ">
                <div className={`occ-bar ${full ? 'is-full' : pct >= 80 ? 'is-high' : ''}`}>
                  <span style={{ width: `${pct}%` }} />
                </div>
                <span className="mono small" data-testid={`destination-occupancy-${d.id}`}>
                  {d.occupancy}/{d.capacity}
                </span>
                <span className={`small ${full ? 'text-danger' : 'muted'}`}>{full ? t('destinations.full') : t('destinations.free', { count: d.free ?? 0 })}</span>
              </div>
            </li>
          )
        })}
      </ul>
      {others.length > 0 && (
        <details className="dest-others">
          <summary>
            {t('destinations.hospitals')} ({others.length})
          </summary>
          <ul className="dest-list">
            {others.map((d) => (
              <li key={d.id} className="dest-row small" data-testid={`destination-${d.id}`}>
                {d.isExample && <ExampleTag />} {d.name} <span className="muted">· {t(`common:destinationKind.${d.kind}`)}</span>
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  )
}
