import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import {
  ASSIGNABLE_INCIDENT_STATUSES,
  INCIDENT_TRANSITIONS,
  OPEN_STATUSES,
  PRIORITIES,
  PRIORITY_QUESTIONS,
  REQUESTABLE_STATUSES,
  TEAM_REQUESTABLE,
  UNASSIGNABLE_INCIDENT_STATUSES,
  type Incident,
  type Priority,
  type RequestableStatus,
} from '@shared/incidents.js'
import { PriorityBadge, StatusChip, TeamStatusChip } from '../../../components/badges.js'
import { CategoryIcon } from '../../../components/category-icon.js'
import { Icon } from '../../../components/icons.js'
import { ErrorNote } from '../../../components/error-note.js'
import { IncidentPhotos } from '../../../components/incident-photos.js'
import { PRIORITY_COLOR } from '../../../components/palette.js'
import { useCityConfig } from '../../../lib/city-config.js'
import { useLocale } from '../../../lib/i18n.js'
import { formatDateTime, formatElapsed, formatTime } from '../../../lib/time.js'
import { useNow } from '../../../lib/use-now.js'
import { assignTeam, unassignTeam } from '../api/assign-team.js'
import { changePriority } from '../api/change-priority.js'
import { mergeIncident } from '../api/merge-incident.js'
import { transitionIncident } from '../api/transition-incident.js'
import { useAction } from '../hooks/use-action.js'
import { useDispatch, useDispatchStore } from '../hooks/use-dispatch.js'
import { usePermissions } from '../hooks/use-permissions.js'
import { CloseIncidentDialog, closeTarget } from './close-incident-dialog.js'
import { IncidentTimeline } from './incident-timeline.js'
import { MergeDialog } from './merge-dialog.js'
import { RecommendedTeams } from './recommended-teams.js'

const ANSWER_KEYS = PRIORITY_QUESTIONS

/** Everything about one incident and every command on it. */
export function IncidentPanel({ incidentId, onClose, onSelect, onFocus }: { incidentId: string; onClose: () => void; onSelect: (id: string) => void; onFocus: (id: string) => void }) {
  const { t } = useTranslation('dispatch')
  const store = useDispatchStore()
  const incident = useDispatch((s) => s.incidents.get(incidentId))
  const teams = useDispatch((s) => s.teams)
  const incidents = useDispatch((s) => s.incidents)
  const destinations = useDispatch((s) => s.destinations)
  const delivered = useDispatch((s) => s.delivered.has(incidentId))
  const locale = useLocale()
  const { timezone } = useCityConfig()
  const now = useNow(1000)
  const action = useAction()
  const can = usePermissions()
  const [dialog, setDialog] = useState<'close' | 'merge' | null>(null)

  if (!incident) return null
  const i = incident
  const open = OPEN_STATUSES.includes(i.status)
  const team = i.teamId ? teams.get(i.teamId) : undefined
  const destination = i.destinationId ? destinations.get(i.destinationId) : undefined
  const canAssign = ASSIGNABLE_INCIDENT_STATUSES.includes(i.status)
  const canUnassign = UNASSIGNABLE_INCIDENT_STATUSES.includes(i.status)
  const canMerge = INCIDENT_TRANSITIONS[i.status].includes('duplicate')
  const closeTo = closeTarget(i)
  const onBehalf = i.teamId ? INCIDENT_TRANSITIONS[i.status].filter((s): s is RequestableStatus => TEAM_REQUESTABLE.includes(s) && (REQUESTABLE_STATUSES as readonly string[]).includes(s)) : []
  const answers = ANSWER_KEYS.filter((k) => i.answers?.[k])
  const apply = (r: Incident | undefined) => r && store.upsertIncident(r)

  return (
    <aside className="incident-panel" data-testid="incident-panel" data-incident-id={i.id} data-status={i.status} aria-label={t(`common:category.${i.category}`)}>
      <header className="panel-head" style={{ borderTopColor: PRIORITY_COLOR[i.priority] }}>
        <span className="panel-icon">
          <CategoryIcon category={i.category} size={26} />
        </span>
        <div className="panel-title">
          <h2>{t(`common:category.${i.category}`)}</h2>
          <div className="row-wrap">
            <PriorityBadge priority={i.priority} />
            <StatusChip status={i.status} testId="incident-status" />
            <span className="mono small muted" data-testid="incident-code">
              {i.trackingCode}
            </span>
          </div>
        </div>
        <button type="button" className="btn btn-ghost btn-small" onClick={onClose} aria-label={t('panel.close')} data-testid="panel-close">
          ✕
        </button>
      </header>

      <div className="panel-scroll">
        <dl className="kv panel-section">
          <dt>{t('panel.reportedAt')}</dt>
          <dd>
            {formatDateTime(i.times.reportedAt, locale, timezone)}
            {open && <span className="mono"> · {formatElapsed(now - Date.parse(i.times.reportedAt))}</span>}
          </dd>
          <dt>{t('panel.source')}</dt>
          <dd data-testid="panel-source" data-source={i.source}>
            {i.source === 'patrol' ? t('panel.patrolBy', { team: team?.callSign ?? '?' }) : t(`panel.sources.${i.source}`)}
          </dd>
          <dt>{t('panel.location')}</dt>
          <dd>
            {[i.area.kelurahan, i.area.kecamatan].filter(Boolean).join(', ') || '–'}
            <br />
            <span className="small muted">
              {t(`panel.locationSource.${i.locationSource}`, { accuracy: i.location.accuracyM ?? '?' })} ·{' '}
              <span className="mono">
                {i.location.lat.toFixed(5)}, {i.location.lon.toFixed(5)}
              </span>{' '}
              <button type="button" className="link-btn" onClick={() => onFocus(i.id)}>
                {t('panel.zoom')}
              </button>
            </span>
          </dd>
          {i.address && (
            <>
              <dt>{t('panel.address')}</dt>
              <dd>{i.address}</dd>
            </>
          )}
          <dt>{t('panel.description')}</dt>
          <dd data-testid="incident-description">
            {i.description || <span className="muted">{t('panel.noDescription')}</span>}
            <IncidentPhotos incidentId={i.id} refresh={i.status} label={t('panel.photos')} />
          </dd>
          <dt>{t('panel.answers')}</dt>
          <dd className="row-wrap">
            {answers.length ? (
              answers.map((k) => (
                <span key={k} className="answer-tag">
                  {t(`common:answers.${k}`)}
                </span>
              ))
            ) : (
              <span className="muted">{t('panel.noAnswers')}</span>
            )}
          </dd>
          <dt>{t('panel.reporter')}</dt>
          <dd>
            {i.reporter?.name || i.reporter?.phone ? (
              <>
                {i.reporter.name}
                {i.reporter.phone && (
                  <>
                    {i.reporter.name ? ' · ' : ''}
                    <a href={`tel:${i.reporter.phone.replace(/[^+0-9]/g, '')}`}>{i.reporter.phone}</a>
                  </>
                )}
              </>
            ) : i.source === 'patrol' ? (
              t('panel.patrolBy', { team: team?.callSign ?? '?' })
            ) : (
              <span className="muted">{t('panel.anonymous')}</span>
            )}
          </dd>
          <dt>{t('panel.team')}</dt>
          <dd data-testid="incident-team" data-team-id={i.teamId ?? ''}>
            {team ? (
              <>
                <strong>{team.callSign}</strong> <TeamStatusChip status={team.status} />
                {i.status === 'assigned' && (
                  <div className="small muted">
                    {delivered ? t('panel.delivered') : t('panel.notDelivered')}
                    {i.ackDeadline && ` · ${t('panel.ackDeadline', { time: formatTime(i.ackDeadline, locale, timezone, true) })}`}
                  </div>
                )}
              </>
            ) : (
              <span className="muted">{t('panel.noTeam')}</span>
            )}
          </dd>
          {destination && (
            <>
              <dt>{t('panel.destination')}</dt>
              <dd data-testid="incident-destination">{destination.name}</dd>
            </>
          )}
          {i.disposition && (
            <>
              <dt>{t('panel.disposition')}</dt>
              <dd>
                {t(`common:disposition.${i.disposition}`)}
                {i.dispositionNote ? ` – ${i.dispositionNote}` : ''}
              </dd>
            </>
          )}
        </dl>

        {open && i.possibleDuplicates.length > 0 && (
          <section className="panel-section dup-warning" data-testid="incident-duplicates">
            <h3>
              <Icon name="warning" /> {t('duplicates.title')}
            </h3>
            <p className="small">{t('duplicates.hint')}</p>
            <ul>
              {i.possibleDuplicates.map((id) => {
                const other = incidents.get(id)
                return (
                  <li key={id} className="dup-row">
                    <span className="mono small">{other?.trackingCode ?? id.slice(0, 8)}</span>
                    {other ? <StatusChip status={other.status} /> : <span className="small muted">{t('duplicates.gone')}</span>}
                    <span className="spacer" />
                    {other && (
                      <button type="button" className="btn btn-small" onClick={() => onSelect(id)}>
                        {t('duplicates.view')}
                      </button>
                    )}
                    {other && can.dispatch && canMerge && OPEN_STATUSES.includes(other.status) && (
                      <button
                        type="button"
                        className="btn btn-small btn-danger"
                        disabled={!!action.busy}
                        data-testid={`dup-merge-${id}`}
                        onClick={() => void action.run('merge', async () => apply(await mergeIncident(i.id, id)))}
                      >
                        {t('duplicates.mergeInto')}
                      </button>
                    )}
                  </li>
                )
              })}
            </ul>
          </section>
        )}

        <ErrorNote error={action.error} testId="panel-error" />

        {can.dispatch && canAssign && <RecommendedTeams incident={i} busy={!!action.busy} onAssign={(tm) => void action.run('assign', async () => apply(await assignTeam(i.id, tm.id)))} />}

        {open && can.dispatch && (
          <section className="panel-section">
            <h3>{t('panel.priority')}</h3>
            <div className="segmented" role="group" aria-label={t('panel.priority')}>
              {PRIORITIES.map((p: Priority) => (
                <button
                  key={p}
                  type="button"
                  aria-pressed={i.priority === p}
                  disabled={!!action.busy}
                  data-testid={`priority-${p}`}
                  onClick={() => i.priority !== p && void action.run('priority', async () => apply(await changePriority(i.id, p)))}
                >
                  {t(`common:priority.${p}`)}
                </button>
              ))}
            </div>
          </section>
        )}

        {open && can.dispatch && (
          <section className="panel-section">
            <h3>{t('panel.actions')}</h3>
            <div className="row-wrap">
              {canUnassign && (
                <button type="button" className="btn" disabled={!!action.busy} onClick={() => void action.run('unassign', async () => apply(await unassignTeam(i.id)))} data-testid="unassign">
                  {t('panel.unassign')}
                </button>
              )}
              {canMerge && (
                <button type="button" className="btn" onClick={() => setDialog('merge')} data-testid="merge">
                  {t('panel.merge')}
                </button>
              )}
              {closeTo && (
                <button
                  type="button"
                  className={`btn ${closeTo === 'closed' ? 'btn-primary' : 'btn-danger'}`}
                  onClick={() => setDialog('close')}
                  data-testid={closeTo === 'closed' ? 'close-case' : 'cancel-incident'}
                >
                  {closeTo === 'closed' ? t('panel.closeCase') : t('panel.cancel')}
                </button>
              )}
            </div>
            {onBehalf.length > 0 && (
              <label className="field on-behalf">
                <span className="small">{t('panel.onBehalf')}</span>
                <select
                  value=""
                  disabled={!!action.busy}
                  data-testid="on-behalf"
                  onChange={(e) => {
                    const to = onBehalf.find((s) => s === e.target.value)
                    if (to) void action.run('behalf', async () => apply(await transitionIncident(i.id, { to, onBehalfOfTeam: true })))
                  }}
                >
                  <option value="">{t('panel.onBehalfChoose')}</option>
                  {onBehalf.map((s) => (
                    <option key={s} value={s}>
                      {t(`common:status.${s}`)}
                    </option>
                  ))}
                </select>
              </label>
            )}
          </section>
        )}
        {!open && <p className="note note-info">{t('panel.finished')}</p>}

        <IncidentTimeline incidentId={i.id} />
      </div>

      {dialog === 'close' && closeTo && (
        <CloseIncidentDialog
          incident={i}
          onClose={() => setDialog(null)}
          onDone={(r) => {
            apply(r)
            setDialog(null)
          }}
        />
      )}
      {dialog === 'merge' && (
        <MergeDialog
          incident={i}
          onClose={() => setDialog(null)}
          onDone={(r) => {
            apply(r)
            setDialog(null)
          }}
        />
      )}
    </aside>
  )
}
