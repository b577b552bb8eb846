import { useTranslation } from 'react-i18next'
import { PRIORITIES } from '@shared/incidents.js'
import { STATUS_COLOR, TEAM_STATUS_COLOR } from '../../../components/palette.js'

export function MapLegend() {
  const { t } = useTranslation('dispatch')
  return (
    <details className="map-legend">
      <summary>{t('legend.title')}</summary>
      <div className="legend-body">
        <div className="legend-title">{t('legend.incidents')}</div>
        <div className="legend-row">
          {PRIORITIES.map((p) => (
            <span key={p} className="legend-item">
              <span className={`inc-marker shape-${p} legend-inc`} style={{ ['--c' as string]: STATUS_COLOR.en_route }}>
                <span className="inc-shape" />
              </span>
              {t(`common:priority.${p}`)}
            </span>
          ))}
        </div>
        <div className="legend-row">
          {(['reported', 'assigned', 'en_route', 'on_scene', 'transporting', 'handed_over'] as const).map((s) => (
            <span key={s} className="legend-item">
              <span className="legend-dot" style={{ background: STATUS_COLOR[s] }} />
              {t(`common:status.${s}`)}
            </span>
          ))}
        </div>
        <div className="legend-note">{t('legend.waiting')}</div>
        <div className="legend-note">
          <span className="inc-marker shape-normal legend-inc is-patrol" style={{ ['--c' as string]: STATUS_COLOR.on_scene }}>
            <span className="inc-shape" />
            <span className="inc-patrol">P</span>
          </span>{' '}
          {t('legend.patrol')}
        </div>
        <div className="legend-title">{t('legend.teams')}</div>
        <div className="legend-row">
          {(['available', 'assigned', 'en_route', 'on_scene', 'transporting', 'returning', 'off_duty'] as const).map((s) => (
            <span key={s} className="legend-item">
              <span className="legend-dot" style={{ background: TEAM_STATUS_COLOR[s] }} />
              {t(`common:teamStatus.${s}`)}
            </span>
          ))}
        </div>
        <div className="legend-note">{t('legend.stale')}</div>
        <div className="legend-note">{t('legend.phoneOff')}</div>
        <div className="legend-title">{t('legend.destinations')}</div>
      </div>
    </details>
  )
}
