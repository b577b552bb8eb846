import { useEffect, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { Destination } from '@shared/destinations.js'
import type { LogEvent } from '@shared/events.js'
import { DISPOSITIONS, INCIDENT_CATEGORIES, INCIDENT_STATUSES, type Incident } from '@shared/incidents.js'
import type { Team } from '@shared/teams.js'
import { ErrorNote } from '../../../components/error-note.js'
import { Modal } from '../../../components/modal.js'
import { useCityConfig } from '../../../lib/city-config.js'
import { getServiceArea } from '../../../lib/service-area.js'
import { formatDateTime } from '../../../lib/time.js'
import { getCase, getCaseTimeline } from '../api/get-case.js'
import { getAllDestinations } from '../api/get-destinations.js'
import { getTeams } from '../api/get-teams.js'
import { searchCases } from '../api/search-cases.js'
import { useList } from '../hooks/use-list.js'
import { dayStartIn } from '../lib/city-dates.js'
import '../history.css'

const PAGE = 50
const EMPTY = { code: '', from: '', to: '', kecamatan: '', kelurahan: '', category: '', status: '', disposition: '', teamId: '', destinationId: '', text: '' }
type Filters = typeof EMPTY
/** The area, category, status, outcome, team and destination filters fold away (a phone's screen); open when one is set. */
const moreFilters = (f: Filters) => Boolean(f.kecamatan || f.kelurahan || f.category || f.status || f.disposition || f.teamId || f.destinationId) || undefined

/** Any case, open or closed (a tab of the admin page, and the /history page): filters, newest first, "more" for the next page, the full record on a click. */
export function CaseHistory() {
  const { t, i18n } = useTranslation('history')
  const { timezone } = useCityConfig()
  const teams = useList(getTeams)
  const destinations = useList(getAllDestinations)
  const [kecamatan, setKecamatan] = useState<string[]>([])
  const [filters, setFilters] = useState<Filters>(EMPTY)
  const [items, setItems] = useState<Incident[] | null>(null)
  const [next, setNext] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const [open, setOpen] = useState<string | null>(null)

  useEffect(() => {
    getServiceArea().then(
      (a) =>
        setKecamatan(
          a.kecamatan.features
            .map((f) => String(f.properties?.name ?? ''))
            .filter(Boolean)
            .sort(),
        ),
      () => setKecamatan([]),
    )
  }, [])

  const params = (after: string | null): Record<string, string> => {
    const p: Record<string, string> = { limit: String(PAGE) }
    for (const [k, v] of Object.entries(filters)) if (v.trim() && k !== 'from' && k !== 'to') p[k] = v.trim()
    if (filters.from) p.from = dayStartIn(filters.from, timezone)
    if (filters.to) p.to = dayStartIn(filters.to, timezone, true)
    if (after) p.after = after
    return p
  }
  const run = async (after: string | null) => {
    setBusy(true)
    setError(null)
    try {
      const page = await searchCases(params(after))
      setItems((prev) => (after && prev ? [...prev, ...page.items] : page.items))
      setNext(page.next)
    } catch (err) {
      setError(err)
    } finally {
      setBusy(false)
    }
  }
  const submit = (e: FormEvent) => {
    e.preventDefault()
    void run(null)
  }
  const set = (k: keyof Filters) => (e: { target: { value: string } }) => setFilters((f) => ({ ...f, [k]: e.target.value }))
  const teamName = (id: string | null) => teams.items?.find((x) => x.id === id)?.callSign ?? ''

  return (
    <section data-testid="history">
      <h2>{t('heading')}</h2>
      <form className="card history-form history-filters" onSubmit={submit} data-testid="history-filters">
        <label className="field">
          <span>{t('code')}</span>
          <input type="search" autoCapitalize="characters" spellCheck={false} value={filters.code} onChange={set('code')} data-testid="history-code" />
        </label>
        <label className="field">
          <span>{t('text')}</span>
          <input type="search" value={filters.text} onChange={set('text')} data-testid="history-text" />
        </label>
        <label className="field">
          <span>{t('from')}</span>
          <input type="date" value={filters.from} onChange={set('from')} data-testid="history-from" />
        </label>
        <label className="field">
          <span>{t('to')}</span>
          <input type="date" value={filters.to} onChange={set('to')} data-testid="history-to" />
        </label>
        <details className="history-more-filters" open={moreFilters(filters)}>
          <summary>{t('moreFilters')}</summary>
          <div className="history-more-grid">
            <label className="field">
              <span>Kecamatan</span>
              <select value={filters.kecamatan} onChange={set('kecamatan')} data-testid="history-kecamatan">
                <option value="">{t('any')}</option>
                {kecamatan.map((k) => (
                  <option key={k}>{k}</option>
                ))}
              </select>
            </label>
            <label className="field">
              <span>Kelurahan</span>
              <input type="search" value={filters.kelurahan} onChange={set('kelurahan')} />
            </label>
            <label className="field">
              <span>{t('category')}</span>
              <select value={filters.category} onChange={set('category')} data-testid="history-category">
                <option value="">{t('any')}</option>
                {INCIDENT_CATEGORIES.map((c) => (
                  <option key={c} value={c}>
                    {t(`common:category.${c}`)}
                  </option>
                ))}
              </select>
            </label>
            <label className="field">
              <span>{t('status')}</span>
              <select value={filters.status} onChange={set('status')} data-testid="history-status">
                <option value="">{t('any')}</option>
                {INCIDENT_STATUSES.map((st) => (
                  <option key={st} value={st}>
                    {t(`common:status.${st}`)}
                  </option>
                ))}
              </select>
            </label>
            <label className="field">
              <span>{t('disposition')}</span>
              <select value={filters.disposition} onChange={set('disposition')} data-testid="history-disposition">
                <option value="">{t('any')}</option>
                {DISPOSITIONS.map((d) => (
                  <option key={d} value={d}>
                    {t(`common:disposition.${d}`)}
                  </option>
                ))}
              </select>
            </label>
            <label className="field">
              <span>{t('team')}</span>
              <select value={filters.teamId} onChange={set('teamId')} data-testid="history-team">
                <option value="">{t('any')}</option>
                {(teams.items ?? []).map((tm: Team) => (
                  <option key={tm.id} value={tm.id}>
                    {tm.callSign}
                  </option>
                ))}
              </select>
            </label>
            <label className="field">
              <span>{t('destination')}</span>
              <select value={filters.destinationId} onChange={set('destinationId')} data-testid="history-destination">
                <option value="">{t('any')}</option>
                {(destinations.items ?? []).map((d: Destination) => (
                  <option key={d.id} value={d.id}>
                    {d.name}
                  </option>
                ))}
              </select>
            </label>
          </div>
        </details>
        <div className="modal-actions history-actions">
          <button type="button" className="btn" onClick={() => setFilters(EMPTY)}>
            {t('clear')}
          </button>
          <button type="submit" className="btn btn-primary" disabled={busy} data-testid="history-search">
            {t('search')}
          </button>
        </div>
      </form>
      <ErrorNote error={error} testId="history-error" />
      {items?.length === 0 && <p className="muted">{t('noMatches')}</p>}
      <ul className="history-list" data-testid="history-results">
        {items?.map((i) => (
          <li key={i.id}>
            <button type="button" className="card history-item" onClick={() => setOpen(i.id)} data-testid="history-row" data-code={i.trackingCode}>
              <div className="history-item-main">
                <strong className="mono">{i.trackingCode}</strong> {t(`common:category.${i.category}`)}
                <div className="row-wrap history-tags">
                  <span className="chip">{t(`common:status.${i.status}`)}</span>
                  {i.disposition && <span className="chip">{t(`common:disposition.${i.disposition}`)}</span>}
                  {i.source === 'patrol' && (
                    <span className="chip chip-patrol" data-testid="history-patrol">
                      {t('common:incidentSource.patrol')}
                    </span>
                  )}
                  <span className="muted">{formatDateTime(i.times.reportedAt, i18n.language, timezone)}</span>
                  <span className="muted">{[i.area.kelurahan, i.area.kecamatan].filter(Boolean).join(', ')}</span>
                  {i.teamId && <span className="muted">{teamName(i.teamId)}</span>}
                </div>
                {i.description && <div className="muted history-desc">{i.description}</div>}
              </div>
            </button>
          </li>
        ))}
      </ul>
      {next && (
        <button type="button" className="btn btn-block" disabled={busy} onClick={() => void run(next)} data-testid="history-more">
          {t('more')}
        </button>
      )}
      {open && <CaseRecord id={open} teams={teams.items ?? []} destinations={destinations.items ?? []} onClose={() => setOpen(null)} />}
    </section>
  )
}

/** The full record and its timeline; both reads are access-logged by the server. */
function CaseRecord({ id, teams, destinations, onClose }: { id: string; teams: Team[]; destinations: Destination[]; onClose: () => void }) {
  const { t, i18n } = useTranslation('history')
  const { timezone } = useCityConfig()
  const [record, setRecord] = useState<{ incident: Incident; timeline: LogEvent[] } | null>(null)
  const [error, setError] = useState<unknown>(null)
  useEffect(() => {
    Promise.all([getCase(id), getCaseTimeline(id)]).then(([incident, timeline]) => setRecord({ incident, timeline }), setError)
  }, [id])
  const when = (iso: string | null) => (iso ? formatDateTime(iso, i18n.language, timezone) : t('none'))
  const i = record?.incident
  return (
    <Modal title={i ? i.trackingCode : t('heading')} onClose={onClose} testId="case-record" wide>
      <ErrorNote error={error} />
      {i && record && (
        <>
          <dl className="kv">
            <dt>{t('category')}</dt>
            <dd>{t(`common:category.${i.category}`)}</dd>
            <dt>{t('status')}</dt>
            <dd data-testid="case-status">{t(`common:status.${i.status}`)}</dd>
            <dt>{t('disposition')}</dt>
            <dd>{i.disposition ? `${t(`common:disposition.${i.disposition}`)}${i.dispositionNote ? ` – ${i.dispositionNote}` : ''}` : t('none')}</dd>
            <dt>{t('place')}</dt>
            <dd>{[i.address, i.area.kelurahan, i.area.kecamatan].filter(Boolean).join(', ') || t('none')}</dd>
            <dt>{t('description')}</dt>
            <dd data-testid="case-description">{i.description || t('none')}</dd>
            <dt>{t('source')}</dt>
            <dd data-testid="case-source">{t(`common:incidentSource.${i.source}`)}</dd>
            <dt>{t('reporter')}</dt>
            <dd>{i.reporter ? [i.reporter.name, i.reporter.phone].filter(Boolean).join(' · ') : t('none')}</dd>
            <dt>{t('team')}</dt>
            <dd>{teams.find((x) => x.id === i.teamId)?.callSign ?? t('none')}</dd>
            <dt>{t('destination')}</dt>
            <dd>{destinations.find((x) => x.id === i.destinationId)?.name ?? t('none')}</dd>
            <dt>{t('reported')}</dt>
            <dd>{when(i.times.reportedAt)}</dd>
            <dt>{t('closed')}</dt>
            <dd>{when(i.times.closedAt)}</dd>
          </dl>
          <h3 className="history-timeline-head">{t('timeline')}</h3>
          <ol className="history-timeline" data-testid="case-timeline">
            {record.timeline.map((e) => (
              <li key={e.seq} data-type={e.type}>
                <span className="muted">{formatDateTime(e.at, i18n.language, timezone)}</span> {eventLabel(t, e)}
                {e.actor.name ? <span className="muted"> · {e.actor.name}</span> : null}
              </li>
            ))}
          </ol>
        </>
      )}
    </Modal>
  )
}

function eventLabel(t: ReturnType<typeof useTranslation>['t'], e: LogEvent): string {
  if (e.type === 'incident.transitioned') return t('events.transitioned', { to: t(`common:status.${e.data.to}`) })
  if (e.type === 'incident.reported' && e.after?.source === 'patrol') return t('events.incident_reported_patrol')
  return t(`events.${e.type.replace('.', '_')}`, { defaultValue: e.type })
}
