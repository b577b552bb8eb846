import { useTranslation } from 'react-i18next'
import { Icon } from '../../../components/icons.js'
import { useCityConfig } from '../../../lib/city-config.js'
import { useLocale } from '../../../lib/i18n.js'
import { formatTime } from '../../../lib/time.js'
import type { OutboxEntry, OutboxFailure, OutboxState } from '../lib/outbox.js'

/** In the status row, always in sight: how many records wait to be sent. */
export function OutboxChip({ entries, state }: { entries: readonly OutboxEntry[]; state: OutboxState }) {
  const { t } = useTranslation('team')
  if (entries.length === 0) return null
  return (
    <span className={`outbox-chip outbox-${state}`} role="status" data-testid="outbox-count" data-count={entries.length}>
      <Icon name="upload" /> {t('outbox.count', { n: entries.length })}
    </span>
  )
}

/** What the phone recorded but has not delivered yet, and what the server refused. */
export function OutboxPanel({
  entries,
  failures,
  state,
  onDismiss,
}: {
  entries: readonly OutboxEntry[]
  failures: readonly OutboxFailure[]
  state: OutboxState
  onDismiss: (f: OutboxFailure) => void
}) {
  const { t } = useTranslation('team')
  const { timezone } = useCityConfig()
  const locale = useLocale()
  const steps = entries.flatMap((e) =>
    e.kind === 'step' ? [{ key: e.key, to: e.to as string, at: e.deviceTime }] : e.kind === 'handover' ? [{ key: e.key, to: 'handed_over', at: e.deviceTime }] : [],
  )
  const statuses = entries.flatMap((e) => (e.kind === 'status' ? [e] : []))
  const patrols = entries.flatMap((e) => (e.kind === 'patrol' ? [e] : []))
  const photos = entries.filter((e) => e.kind === 'photo').length
  const positions = entries.filter((e) => e.kind === 'position').length
  if (entries.length === 0 && failures.length === 0) return null
  return (
    <section className="outbox" data-testid="outbox" data-count={entries.length} data-state={state}>
      {entries.length > 0 && (
        <div className="note note-warn">
          <strong>{state === 'sending' ? t('outbox.sending') : t('outbox.waiting')}</strong>
          <ul className="outbox-list">
            {patrols.map((e) => (
              <li key={e.key} data-testid="outbox-patrol" data-category={e.input.category}>
                {t('outbox.patrol', { category: t(`common:category.${e.input.category}`) })} · <span className="mono">{formatTime(e.deviceTime, locale, timezone)}</span>
              </li>
            ))}
            {steps.map((e) => (
              <li key={e.key} data-testid="outbox-step" data-to={e.to}>
                {t(`steps.${e.to}`)} · <span className="mono">{formatTime(e.at, locale, timezone)}</span>
              </li>
            ))}
            {statuses.map((e) => (
              <li key={e.key} data-testid="outbox-status" data-status={e.status}>
                {t(`common:teamStatus.${e.status}`)} · <span className="mono">{formatTime(e.deviceTime, locale, timezone)}</span>
              </li>
            ))}
            {photos > 0 && <li>{t('outbox.photo')}</li>}
            {positions > 0 && <li>{t('outbox.positions', { n: positions })}</li>}
          </ul>
        </div>
      )}
      {failures.map((f) => (
        <div key={f.entry.key} className="note note-error outbox-failure" role="alert" data-testid="outbox-failure">
          <p>
            <strong>
              {f.entry.kind === 'step'
                ? t('outbox.refusedStep', { step: t(`steps.${f.entry.to}`) })
                : f.entry.kind === 'handover'
                  ? t('outbox.refusedStep', { step: t('steps.handed_over') })
                  : f.entry.kind === 'status'
                    ? t('outbox.refusedStep', { step: t(`common:teamStatus.${f.entry.status}`) })
                    : f.entry.kind === 'patrol'
                      ? t('outbox.refusedStep', { step: t('patrol.title') })
                      : f.entry.kind === 'photo'
                        ? t('outbox.refusedPhoto')
                        : t('outbox.refusedPosition')}
            </strong>{' '}
            <span className="small">{f.error.message}</span>
          </p>
          <button type="button" className="btn btn-small" onClick={() => onDismiss(f)}>
            {t('finished.dismiss')}
          </button>
        </div>
      ))}
    </section>
  )
}
