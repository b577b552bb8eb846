import { useTranslation } from 'react-i18next'
import type { Team } from '@shared/teams.js'
import { TeamStatusChip } from '../../../components/badges.js'
import { ErrorNote } from '../../../components/error-note.js'
import { useCityConfig } from '../../../lib/city-config.js'
import { useNow } from '../../../lib/use-now.js'
import { setTeamStatus } from '../api/set-team-status.js'
import { useAction } from '../hooks/use-action.js'
import { agoText } from '../lib/ago.js'
import { useDispatch, useDispatchStore } from '../hooks/use-dispatch.js'
import { usePermissions } from '../hooks/use-permissions.js'

/** Every team with status, position freshness and its case; duty changes on the team's behalf. */
export function TeamList({ onSelectIncident }: { onSelectIncident: (id: string) => void }) {
  const { t } = useTranslation('dispatch')
  const store = useDispatchStore()
  const teams = useDispatch((s) => s.teams)
  const incidents = useDispatch((s) => s.incidents)
  const { stalePositionMin } = useCityConfig()
  const now = useNow(10_000)
  const action = useAction()
  const can = usePermissions()
  const list = [...teams.values()].sort((a, b) => a.callSign.localeCompare(b.callSign, undefined, { numeric: true }))
  if (list.length === 0) return <p className="empty">{t('teams.empty')}</p>

  const ago = (iso: string) => agoText(t, now, iso)
  const set = (team: Team, status: 'available' | 'off_duty') => void action.run(status, async () => store.upsertTeam(await setTeamStatus(team.id, status)))

  return (
    <>
      <ErrorNote error={action.error} />
      <ul className="team-list" data-testid="team-list">
        {list.map((team) => {
          const p = team.position
          const stale = p ? p.stale || now - Date.parse(p.receivedAt) > stalePositionMin * 60_000 : false
          const caseId = team.currentIncidentId
          const incident = caseId ? incidents.get(caseId) : undefined
          return (
            <li key={team.id} className="team-row" data-testid={`team-row-${team.id}`} data-status={team.status}>
              <div className="row">
                <strong>{team.callSign}</strong>
                <TeamStatusChip status={team.status} />
                <span className="spacer" />
                {can.dispatch && !caseId && team.status === 'off_duty' && (
                  <button type="button" className="btn btn-small" disabled={!!action.busy} onClick={() => set(team, 'available')}>
                    {t('teams.setAvailable')}
                  </button>
                )}
                {can.dispatch && !caseId && team.status !== 'off_duty' && (
                  <button type="button" className="btn btn-small btn-ghost" disabled={!!action.busy} onClick={() => set(team, 'off_duty')}>
                    {t('teams.setOffDuty')}
                  </button>
                )}
              </div>
              <div className="small muted row">
                <span>{team.name}</span>
                <span className="spacer" />
                {team.phoneConnected !== undefined && (
                  <span className={`phone-pill ${team.phoneConnected ? 'is-on' : 'is-off'}`} data-testid={`team-phone-${team.id}`} data-connected={String(team.phoneConnected)}>
                    {team.phoneConnected ? t('teams.phoneOn') : t('teams.phoneOff')}
                  </span>
                )}
              </div>
              <div className={`small ${stale ? 'text-warn' : 'muted'}`}>
                {p ? (
                  <>
                    {stale ? `${t('teams.stale')} · ` : ''}
                    {t('teams.accuracy', { m: Math.round(p.accuracyM) })} · {t('teams.updated', { ago: ago(p.receivedAt) })}
                  </>
                ) : (
                  t('teams.noPosition')
                )}
              </div>
              {caseId && (
                <button type="button" className="link-btn small" onClick={() => onSelectIncident(caseId)}>
                  {t('teams.onCase')}: {incident ? `${t(`common:category.${incident.category}`)} · ${incident.trackingCode}` : caseId.slice(0, 8)}
                </button>
              )}
            </li>
          )
        })}
      </ul>
    </>
  )
}
