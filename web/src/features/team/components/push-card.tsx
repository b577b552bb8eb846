import { useTranslation } from 'react-i18next'
import { ErrorNote } from '../../../components/error-note.js'
import { Icon } from '../../../components/icons.js'
import type { PushState } from '../hooks/use-push.js'

/**
 * Turning on Web Push for this phone: a clear button (the permission is asked only when it is
 * pressed), or the state it is in. Nothing where the browser or the server has no push.
 */
export function PushCard({ state, error, onEnable }: { state: PushState; error: unknown; onEnable: () => void }) {
  const { t } = useTranslation('team')
  if (state === 'unsupported' || state === 'off') return null
  if (state === 'on') {
    return (
      <p className="push-on small muted" data-testid="push-card" data-state="on">
        <Icon name="bell" size={16} /> {t('push.on')}
      </p>
    )
  }
  return (
    <section className="card push-card" data-testid="push-card" data-state={state}>
      <h2>{t('push.title')}</h2>
      {state === 'denied' ? (
        <p className="note note-info">{t('push.denied')}</p>
      ) : (
        <>
          <p className="small">{t('push.explain')}</p>
          <ErrorNote error={error} />
          <button type="button" className="btn btn-large" disabled={state === 'working'} onClick={onEnable} data-testid="push-enable">
            <Icon name="bell" size={20} /> {state === 'working' ? t('push.working') : t('push.enable')}
          </button>
        </>
      )}
    </section>
  )
}
