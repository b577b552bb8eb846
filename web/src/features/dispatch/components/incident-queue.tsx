import { useEffect, useRef } from 'react'
import { useTranslation } from 'react-i18next'
import type { Incident } from '@shared/incidents.js'
import { PriorityBadge, StatusChip } from '../../../components/badges.js'
import { CategoryIcon } from '../../../components/category-icon.js'
import { Icon } from '../../../components/icons.js'
import { useCityConfig } from '../../../lib/city-config.js'
import { useLocale } from '../../../lib/i18n.js'
import { formatElapsed, formatTime } from '../../../lib/time.js'
import { useNow } from '../../../lib/use-now.js'
import { useDispatch, useDispatchStore } from '../hooks/use-dispatch.js'
import { visibleQueue } from '../lib/queue-order.js'

/**
 * Open incidents by priority then age, each with a running timer since it was reported. The
 * waiting queue comes in pages: scrolling to the end (or the button there) loads the next one.
 */
export function IncidentQueue({ selectedId, onSelect }: { selectedId: string | null; onSelect: (id: string) => void }) {
  const { t } = useTranslation('dispatch')
  const store = useDispatchStore()
  const incidents = useDispatch((s) => s.incidents)
  const pages = useDispatch((s) => s.queuePages)
  const counts = useDispatch((s) => s.counts)
  const teams = useDispatch((s) => s.teams)
  const alerts = useDispatch((s) => s.alerts)
  const now = useNow(1000)
  const locale = useLocale()
  const { timezone } = useCityConfig()
  const queue = visibleQueue(incidents.values(), pages.complete ? null : pages.loadedUpTo)
  const fresh = new Set(alerts.map((a) => a.incidentId))
  const shownWaiting = queue.filter((i) => i.status === 'reported').length
  const totalWaiting = Math.max(counts?.waiting.total ?? 0, shownWaiting)

  // Load the next page when the end of the list scrolls into view.
  const end = useRef<HTMLDivElement | null>(null)
  useEffect(() => {
    const el = end.current
    if (!el || pages.complete || typeof IntersectionObserver === 'undefined') return
    const seen = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) void store.loadMoreQueue()
    })
    seen.observe(el)
    return () => seen.disconnect()
  }, [store, pages.complete, pages.loadedUpTo])

  if (queue.length === 0 && pages.complete) return <p className="empty">{t('queue.empty')}</p>
  return (
    <>
      <ol className="queue" data-testid="queue">
        {queue.map((i) => (
          <QueueItem
            key={i.id}
            incident={i}
            teamName={i.teamId ? (teams.get(i.teamId)?.callSign ?? '?') : null}
            selected={i.id === selectedId}
            fresh={fresh.has(i.id)}
            now={now}
            locale={locale}
            timezone={timezone}
            onSelect={onSelect}
          />
        ))}
      </ol>
      {!pages.complete && (
        <div className="queue-more" ref={end} data-testid="queue-more" data-shown={shownWaiting} data-total={totalWaiting}>
          <span className="muted small">{t('queue.showing', { shown: shownWaiting, total: totalWaiting })}</span>
          <button type="button" className="btn btn-ghost btn-small" disabled={pages.loading} onClick={() => void store.loadMoreQueue()} data-testid="queue-load-more">
            {pages.loading ? t('queue.loadingMore') : t('queue.more')}
          </button>
        </div>
      )}
    </>
  )
}

function QueueItem({
  incident: i,
  teamName,
  selected,
  fresh,
  now,
  locale,
  timezone,
  onSelect,
}: {
  incident: Incident
  teamName: string | null
  selected: boolean
  fresh: boolean
  now: number
  locale: string
  timezone: string
  onSelect: (id: string) => void
}) {
  const { t } = useTranslation('dispatch')
  const elapsed = now - Date.parse(i.times.reportedAt)
  const waiting = i.status === 'reported'
  const overdue = i.status === 'assigned' && i.ackDeadline && Date.parse(i.ackDeadline) < now
  return (
    <li>
      <button
        type="button"
        className={`queue-item prio-${i.priority} ${waiting ? 'is-waiting' : ''} ${selected ? 'is-selected' : ''} ${fresh ? 'is-fresh' : ''}`}
        onClick={() => onSelect(i.id)}
        aria-current={selected}
        data-testid={`queue-item-${i.id}`}
        data-status={i.status}
        data-priority={i.priority}
      >
        <span className="queue-icon">
          <CategoryIcon category={i.category} size={22} />
        </span>
        <span className="queue-main">
          <span className="queue-line">
            <PriorityBadge priority={i.priority} />
            <span className="queue-cat">{t(`common:category.${i.category}`)}</span>
          </span>
          <span className="queue-line muted">{[i.area.kelurahan, i.area.kecamatan].filter(Boolean).join(', ') || i.address || '–'}</span>
          <span className="queue-line">
            <StatusChip status={i.status} />
            {teamName ? <span className="queue-team">{teamName}</span> : waiting ? <span className="queue-unassigned">{t('queue.unassigned')}</span> : null}
            {i.source === 'patrol' && (
              <span className="queue-patrol" data-testid="queue-patrol-badge">
                {t('panel.sources.patrol')}
              </span>
            )}
            {i.possibleDuplicates.length > 0 && (
              <span className="queue-dup" title={t('queue.duplicate')}>
                <Icon name="warning" size={12} /> {t('queue.duplicate')}
              </span>
            )}
          </span>
          {i.status === 'assigned' && i.ackDeadline && (
            <span className={`queue-line small ${overdue ? 'text-danger' : 'muted'}`}>
              {overdue ? t('queue.overdue') : t('queue.ackDue', { time: formatTime(i.ackDeadline, locale, timezone, true) })}
            </span>
          )}
        </span>
        <span className="queue-timer mono" title={t('queue.since')} data-testid="queue-timer">
          {formatElapsed(elapsed)}
        </span>
      </button>
    </li>
  )
}
