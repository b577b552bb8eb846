import { useEffect, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { LogEvent } from '@shared/events.js'
import { ErrorNote } from '../../../components/error-note.js'
import { useSession } from '../../../components/require-session.js'
import { useCityConfig } from '../../../lib/city-config.js'
import { useLocale } from '../../../lib/i18n.js'
import { formatTime } from '../../../lib/time.js'
import { getTimeline } from '../api/get-timeline.js'
import { useDispatch } from '../hooks/use-dispatch.js'
import { describeEvent, type Lookup } from '../lib/describe-event.js'

/** The incident's log: fetched once, then extended by the live events for it (deduped by seq). */
export function IncidentTimeline({ incidentId }: { incidentId: string }) {
  const { t } = useTranslation('dispatch')
  const locale = useLocale()
  const { timezone } = useCityConfig()
  const [fetched, setFetched] = useState<LogEvent[] | null>(null)
  const [error, setError] = useState<unknown>(null)
  const live = useDispatch((s) => s.liveEvents.get(incidentId))
  const teams = useDispatch((s) => s.teams)
  const destinations = useDispatch((s) => s.destinations)
  const incidents = useDispatch((s) => s.incidents)

  useEffect(() => {
    let on = true
    setFetched(null)
    getTimeline(incidentId).then(
      (events) => on && setFetched(events),
      (e) => on && setError(e),
    )
    return () => {
      on = false
    }
  }, [incidentId])

  const events = useMemo(() => {
    const bySeq = new Map<number, LogEvent>()
    for (const e of fetched ?? []) bySeq.set(e.seq, e)
    for (const e of live ?? []) bySeq.set(e.seq, e)
    return [...bySeq.values()].sort((a, b) => b.seq - a.seq)
  }, [fetched, live])

  const me = useSession().session.user.id
  const look: Lookup = {
    me,
    teamName: (id) => (id ? (teams.get(id)?.callSign ?? id.slice(0, 8)) : '?'),
    destinationName: (id) => (id ? (destinations.get(id)?.name ?? id.slice(0, 8)) : '?'),
    incidentCode: (id) => (id ? (incidents.get(id)?.trackingCode ?? id.slice(0, 8)) : '?'),
  }

  return (
    <section className="panel-section">
      <h3>{t('timeline.title')}</h3>
      <ErrorNote error={error} />
      {fetched === null && !error && <p className="muted">{t('common:loading')}</p>}
      {fetched !== null && events.length === 0 && <p className="muted">{t('timeline.empty')}</p>}
      <ol className="timeline" data-testid="incident-timeline">
        {events.map((e) => {
          const d = describeEvent(t, e, look)
          return (
            <li key={e.seq} className="timeline-entry" data-testid="timeline-entry" data-type={e.type}>
              <span className="timeline-time mono">{formatTime(e.at, locale, timezone, true)}</span>
              <span className="timeline-text">
                {d.text}
                {d.detail && <span className="timeline-detail"> · {d.detail}</span>}
                <span className="timeline-by"> — {d.by}</span>
              </span>
            </li>
          )
        })}
      </ol>
    </section>
  )
}
