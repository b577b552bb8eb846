import { useEffect, useRef, useState, useSyncExternalStore } from 'react'
import { useTranslation } from 'react-i18next'
import type { Team } from '../../../../../shared/teams.js'
import { TeamStatusChip } from '../../../components/badges.js'
import { ConnectionPill } from '../../../components/connection-pill.js'
import { ErrorNote } from '../../../components/error-note.js'
import { Icon } from '../../../components/icons.js'
import { LanguageSwitch } from '../../../components/language-switch.js'
import { useSession } from '../../../components/require-session.js'
import { audioState, onAudioState, playAlert, unlockAudio } from '../../../lib/alert-sound.js'
import { setTeamStatus } from '../api/set-team-status.js'
import { usePositionSharing } from '../hooks/use-position-sharing.js'
import { useTeamLive, type FinishedNotice } from '../hooks/use-team-live.js'
import { AssignmentCard } from './assignment-card.js'
import { PositionCard } from './position-card.js'
import '../team.css'

/** The team member's phone: position sharing, the current case, and the steps to work it. */
export function TeamPage() {
  const { t } = useTranslation('team')
  const { session } = useSession()
  const teamId = session.user.teamId
  if (!teamId) {
    return (
      <main className="boot">
        <div className="note note-error">{t('noTeam')}</div>
      </main>
    )
  }
  return <TeamPhone teamId={teamId} />
}

function TeamPhone({ teamId }: { teamId: string }) {
  const { t } = useTranslation('team')
  const { signOut } = useSession()
  const live = useTeamLive(teamId)
  const sharing = usePositionSharing(teamId, live.socket)
  const me = sharing.lastFix ? { lon: sharing.lastFix.lon, lat: sharing.lastFix.lat } : live.team?.position ? { lon: live.team.position.lon, lat: live.team.position.lat } : null
  const audio = useSyncExternalStore(onAudioState, audioState)

  // A new case rings and vibrates (the phone may be in a pocket).
  const announced = useRef<string | null>(null)
  useEffect(() => {
    const a = live.assignment
    if (a && a.status === 'assigned' && announced.current !== a.id) {
      announced.current = a.id
      playAlert()
      navigator.vibrate?.([400, 150, 400, 150, 400])
    }
  }, [live.assignment])

  // Keep the screen on while signed in, so the browser keeps the GPS running.
  useEffect(() => {
    let lock: WakeLockSentinel | null = null
    const take = () => {
      if (document.visibilityState === 'visible') navigator.wakeLock?.request('screen').then((l) => (lock = l), () => {})
    }
    take()
    document.addEventListener('visibilitychange', take)
    return () => {
      document.removeEventListener('visibilitychange', take)
      void lock?.release()
    }
  }, [])

  useEffect(() => {
    const unlock = () => unlockAudio()
    window.addEventListener('pointerdown', unlock, { once: true })
    return () => window.removeEventListener('pointerdown', unlock)
  }, [])

  const team = live.team
  return (
    <div className="team-app" data-testid="team-page" data-team-id={teamId}>
      <header className="team-head">
        <div className="team-id">
          <strong data-testid="team-callsign">{team?.callSign ?? '…'}</strong>
          <span className="team-name">{team?.name}</span>
        </div>
        <span className="spacer" />
        <LanguageSwitch />
        <button type="button" className="btn btn-ghost btn-small" onClick={signOut} data-testid="sign-out">
          {t('common:signIn.signOut')}
        </button>
      </header>
      <div className="team-status-row">
        {team && <TeamStatusChip status={team.status} testId="team-status" />}
        <ConnectionPill state={live.connection} />
        {audio !== 'running' && (
          <button type="button" className="btn btn-small" onClick={() => unlockAudio()}>
            <Icon name="bellOff" />
            {t('soundOn')}
          </button>
        )}
      </div>
      <main className="team-main">
        <PositionCard sharing={sharing} />
        <ErrorNote error={live.error} />
        {live.notice && <Notice notice={live.notice} onDismiss={live.dismissNotice} />}
        {live.assignment ? (
          <AssignmentCard
            key={live.assignment.id}
            incident={live.assignment}
            teamId={teamId}
            me={me}
            onChanged={live.applyIncident}
            onHandedOver={(place) => live.finish(live.assignment!, { incident: { ...live.assignment!, status: 'handed_over' }, reason: 'handed_over', place })}
          />
        ) : (
          live.loaded && team && <IdleCard team={team} onTeam={live.setTeam} />
        )}
      </main>
    </div>
  )
}

function Notice({ notice, onDismiss }: { notice: FinishedNotice; onDismiss: () => void }) {
  const { t } = useTranslation('team')
  const good = notice.reason === 'handed_over'
  return (
    <div className={`note ${good ? 'note-ok' : 'note-info'} notice`} role="status" data-testid="finished-notice" data-reason={notice.reason}>
      <p>{notice.reason === 'handed_over' ? t('finished.handed_over', { at: notice.place ? t('finished.at', { place: notice.place }) : '' }) : t(`finished.${notice.reason}`)}</p>
      <button type="button" className="btn btn-small" onClick={onDismiss}>
        {t('finished.dismiss')}
      </button>
    </div>
  )
}

/** No case: the team's duty state and the buttons to change it. */
function IdleCard({ team, onTeam }: { team: Team; onTeam: (t: Team) => void }) {
  const { t } = useTranslation('team')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const set = async (status: 'available' | 'off_duty') => {
    setBusy(true)
    setError(null)
    try {
      onTeam(await setTeamStatus(team.id, status))
    } catch (err) {
      setError(err)
    } finally {
      setBusy(false)
    }
  }
  const text = team.status === 'off_duty' ? t('idle.offDuty') : team.status === 'available' ? t('idle.available') : t('idle.returning')
  return (
    <section className="card idle" data-testid="idle">
      <h2>{t('idle.title')}</h2>
      <p>{text}</p>
      <ErrorNote error={error} />
      {team.status === 'off_duty' ? (
        <button type="button" className="btn btn-ok btn-large" disabled={busy} onClick={() => void set('available')} data-testid="duty-start">
          {t('duty.start')}
        </button>
      ) : team.status === 'available' ? (
        <button type="button" className="btn btn-large" disabled={busy} onClick={() => void set('off_duty')} data-testid="duty-end">
          {t('duty.end')}
        </button>
      ) : (
        <>
          <button type="button" className="btn btn-ok btn-large" disabled={busy} onClick={() => void set('available')} data-testid="ready">
            {t('duty.ready')}
          </button>
          <button type="button" className="btn btn-large btn-ghost" disabled={busy} onClick={() => void set('off_duty')} data-testid="duty-end">
            {t('duty.end')}
          </button>
        </>
      )}
    </section>
  )
}
