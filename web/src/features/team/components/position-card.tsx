import { useTranslation } from 'react-i18next'
import { useCityConfig } from '../../../lib/city-config.js'
import { useLocale } from '../../../lib/i18n.js'
import { formatTime } from '../../../lib/time.js'
import { useNow } from '../../../lib/use-now.js'
import type { SharingState } from '../hooks/use-position-sharing.js'

/** Nothing sent for this long is shown as a warning (the dispatcher's map goes stale). */
const STOPPED_AFTER_MS = 90_000
const LOW_ACCURACY_M = 100

export function PositionCard({ sharing }: { sharing: SharingState }) {
  const { t } = useTranslation('team')
  const { timezone } = useCityConfig()
  const locale = useLocale()
  const now = useNow(5000)
  const { lastFix, lastSentAt, problem, sendFailed } = sharing
  const stopped = lastSentAt !== null && now - lastSentAt > STOPPED_AFTER_MS
  const state = problem ? 'error' : stopped ? 'stopped' : lastSentAt ? 'ok' : 'waiting'
  return (
    <section className={`pos-card pos-${state}`} data-testid="position-card" data-state={state} role="status">
      <span className="pos-dot" aria-hidden="true" />
      <div className="pos-text">
        {problem ? (
          <strong>{t(`position.${problem}`)}</strong>
        ) : stopped ? (
          <strong>{t('position.stopped', { time: formatTime(new Date(lastSentAt).toISOString(), locale, timezone) })}</strong>
        ) : lastSentAt && lastFix ? (
          <>
            <strong>{t('position.sharing')}</strong> <span data-testid="position-accuracy">{t('position.accuracy', { m: lastFix.accuracyM })}</span>
            {lastFix.accuracyM > LOW_ACCURACY_M && <span className="pos-low"> · {t('position.lowAccuracy')}</span>}
            <span className="muted"> · {t('position.at', { time: formatTime(new Date(lastSentAt).toISOString(), locale, timezone, true) })}</span>
          </>
        ) : (
          <strong>{t('position.waiting')}</strong>
        )}
        {sendFailed && !problem && <div className="small">{t('position.sendFailed')}</div>}
        {state !== 'ok' && <div className="small muted">{t('position.keepOpen')}</div>}
      </div>
    </section>
  )
}
