import { useTranslation } from 'react-i18next'
import type { Incident } from '@shared/incidents.js'
import { ASSIGNABLE_TEAM_STATUSES, type Team } from '@shared/teams.js'
import { TeamStatusChip } from '../../../components/badges.js'
import { ErrorNote } from '../../../components/error-note.js'
import { useRecommendations } from '../api/get-recommendations.js'
import { useDispatch } from '../hooks/use-dispatch.js'
import { formatDistance } from '../lib/describe-event.js'

/**
 * Free teams nearest first (the server's ranking), with a button to assign or reassign. Free
 * teams without a recent position are listed apart: the dispatcher may still know where they are.
 */
export function RecommendedTeams({ incident, busy, onAssign }: { incident: Incident; busy: boolean; onAssign: (team: Team) => void }) {
  const { t } = useTranslation('dispatch')
  const teamsVersion = useDispatch((s) => s.teamsVersion)
  const teams = useDispatch((s) => s.teams)
  const { data, error } = useRecommendations(incident.id, `${teamsVersion}|${incident.status}|${incident.teamId}`)
  const reassign = !!incident.teamId
  const ranked = new Set((data ?? []).map((r) => r.team.id))
  const others = [...teams.values()].filter((tm) => ASSIGNABLE_TEAM_STATUSES.includes(tm.status) && !tm.currentIncidentId && !ranked.has(tm.id) && tm.id !== incident.teamId)

  return (
    <section className="panel-section" data-testid="recommended-teams">
      <h3>{reassign ? t('recommend.reassignTitle') : t('recommend.title')}</h3>
      <ErrorNote error={error} />
      {data && data.length === 0 && <p className="muted">{t('recommend.none')}</p>}
      <ul className="rec-list">
        {(data ?? []).map(({ team, distanceM }) => (
          <li key={team.id} className="rec-row" data-testid={`recommend-${team.id}`}>
            <span className="rec-call">{team.callSign}</span>
            <TeamStatusChip status={teams.get(team.id)?.status ?? team.status} />
            <span className="rec-dist mono">{formatDistance(distanceM)}</span>
            <button type="button" className="btn btn-primary btn-small" disabled={busy} onClick={() => onAssign(team)} data-testid={`assign-${team.id}`}>
              {reassign ? t('recommend.reassign') : t('recommend.assign')}
            </button>
          </li>
        ))}
      </ul>
      {others.length > 0 && (
        <>
          <div className="muted small">{t('recommend.others')}</div>
          <ul className="rec-list">
            {others.map((team) => (
              <li key={team.id} className="rec-row rec-other" data-testid={`recommend-${team.id}`}>
                <span className="rec-call">{team.callSign}</span>
                <TeamStatusChip status={team.status} />
                <span className="rec-dist muted small">{team.position ? t('teams.stale') : t('teams.noPosition')}</span>
                <button type="button" className="btn btn-small" disabled={busy} onClick={() => onAssign(team)} data-testid={`assign-${team.id}`}>
                  {reassign ? t('recommend.reassign') : t('recommend.assign')}
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  )
}
