import { useEffect, useState, useSyncExternalStore } from 'react'
import { useTranslation } from 'react-i18next'
import type { Team } from '@shared/teams.js'
import { TeamStatusChip } from '../../../components/badges.js'
import { ConnectionPill } from '../../../components/connection-pill.js'
import { ErrorNote } from '../../../components/error-note.js'
import { Icon } from '../../../components/icons.js'
import { LanguageSwitch } from '../../../components/language-switch.js'
import { useSession } from '../../../components/require-session.js'
import { audioState, onAudioState, unlockAudio } from '../../../lib/alert-sound.js'
import { useCityConfig } from '../../../lib/city-config.js'
import { getIncidentDestinations } from '../api/get-incident-destinations.js'
import { useAlarm } from '../hooks/use-alarm.js'
import { useOutbox } from '../hooks/use-outbox.js'
import { forgetCachedReads } from '../lib/offline-cache.js'
import { withPendingSteps } from '../lib/pending-steps.js'
import type { OutboxEntry } from '../lib/outbox.js'
import { useLocale } from '../../../lib/i18n.js'
import { formatTime } from '../../../lib/time.js'
import { OutboxChip, OutboxPanel } from './outbox-panel.js'
import { useWakeLock } from '../hooks/use-wake-lock.js'
import type { OwnTeamStatus } from '../api/set-team-status.js'
import { usePositionSharing } from '../hooks/use-position-sharing.js'
import { usePush } from '../hooks/use-push.js'
import { useTeamLive, type FinishedNotice } from '../hooks/use-team-live.js'
import { AssignmentCard } from './assignment-card.js'
import { PatrolForm } from './patrol-form.js'
import { PositionCard } from './position-card.js'
import { PushCard } from './push-card.js'
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
  const box = useOutbox(teamId)
  const sharing = usePositionSharing(teamId, live.socket, (fix) => void box.outbox.position(fix))
  // What the server recorded from the outbox updates the case at once.
  useEffect(() => {
    box.outbox.onStepSent = (_entry, incident) => live.applyIncident(incident)
    box.outbox.onStatusSent = (team) => live.setTeam(team)
    box.outbox.onPatrolSent = (incident) => live.applyIncident(incident)
  })
  // The case as the team worked it: steps still in the outbox count as done (at the phone's time).
  const assignment = live.assignment ? withPendingSteps(live.assignment, box.entries) : null
  // Fetched once while online, so the service worker has the destinations list for a handover
  // in a dead zone (web/build/team-pwa.ts).
  const caseId = live.assignment?.id
  useEffect(() => {
    if (caseId && navigator.onLine) void getIncidentDestinations(caseId).catch(() => {})
  }, [caseId])
  const pending = box.entries.flatMap((e) => (e.kind === 'step' && e.incidentId === assignment?.id ? [e.to] : []))
  const me = sharing.lastFix ? { lon: sharing.lastFix.lon, lat: sharing.lastFix.lat } : live.team?.position ? { lon: live.team.position.lon, lat: live.team.position.lat } : null
  const audio = useSyncExternalStore(onAudioState, audioState)
  // The form for a case found on patrol (decision 015); a case arriving meanwhile takes its place.
  const [patrol, setPatrol] = useState(false)
  const push = usePush()

  // A new case rings and vibrates until it is accepted (the phone may be in a pocket).
  const ringing = assignment?.status === 'assigned'
  useAlarm(ringing)

  // Keep the screen on while on duty, so the browser keeps the GPS and the socket running.
  useWakeLock(!!live.team && live.team.status !== 'off_duty')

  // Sound: try at once (allowed for an installed app or where the user often plays sound),
  // otherwise the first tap anywhere turns it on; until then the page says so (below).
  useEffect(() => {
    unlockAudio()
    const unlock = () => unlockAudio()
    window.addEventListener('pointerdown', unlock, { once: true })
    return () => window.removeEventListener('pointerdown', unlock)
  }, [])

  // The team as it pressed it: a duty status still in the outbox counts (sent when online).
  const pendingStatus = box.entries.flatMap((e) => (e.kind === 'status' ? [e.status] : [])).at(-1)
  // A case found on patrol started in a dead zone: the team's case once the server has it.
  const waitingPatrol = box.entries.find((e) => e.kind === 'patrol')
  const team = live.team && pendingStatus ? { ...live.team, status: pendingStatus } : live.team
  return (
    <div className="team-app" data-testid="team-page" data-team-id={teamId} data-alarm={ringing ? 'ringing' : 'off'} data-sound={audio}>
      {/* Stays on screen while scrolling: who, whether connected, and whether it can ring. */}
      <div className="team-top">
        <header className="team-head">
          <div className="team-id">
            <strong data-testid="team-callsign">{team?.callSign ?? '…'}</strong>
            <span className="team-name">{team?.name}</span>
          </div>
          <span className="spacer" />
          <LanguageSwitch />
          <button type="button" className="btn btn-ghost btn-small" onClick={() => void Promise.all([push.disable(), forgetCachedReads()]).finally(signOut)} data-testid="sign-out">
            {t('common:signIn.signOut')}
          </button>
        </header>
        <div className="team-status-row">
          {team && <TeamStatusChip status={team.status} testId="team-status" />}
          <ConnectionPill state={live.connection} />
          <OutboxChip entries={box.entries} state={box.state} />
        </div>
        {audio !== 'running' && (
          <button type="button" className={`sound-blocked ${ringing ? 'is-urgent' : ''}`} onClick={() => unlockAudio()} data-testid="sound-blocked">
            <Icon name="bellOff" size={22} />
            <span>
              <strong>{t('sound.blocked')}</strong> {t('sound.tap')}
            </span>
          </button>
        )}
      </div>
      <main className="team-main">
        {/* Offline, the cached team and case are shown; a failed refresh is not news then. */}
        {live.connection !== 'offline' && <ErrorNote error={live.error} />}
        <OutboxPanel entries={box.entries} failures={box.failures} state={box.state} onDismiss={(f) => box.outbox.dismissFailure(f)} />
        {live.notice && <Notice notice={live.notice} onDismiss={live.dismissNotice} />}
        {!assignment && <PositionCard sharing={sharing} />}
        {assignment ? (
          <AssignmentCard
            key={assignment.id}
            incident={assignment}
            teamId={teamId}
            me={me}
            pending={pending}
            onStep={(to, extra) => box.outbox.step(assignment.id, to, extra)}
            onQueueHandover={(input, key) => box.outbox.handover(input, key)}
            onHandedOver={(place) => live.finish(assignment, { incident: { ...assignment, status: 'handed_over' }, reason: 'handed_over', place })}
          />
        ) : (
          live.loaded &&
          team &&
          (patrol && team.status !== 'off_duty' ? (
            <PatrolForm
              me={sharing.lastFix ?? (team.position ? { lon: team.position.lon, lat: team.position.lat, accuracyM: team.position.accuracyM ?? undefined } : null)}
              onStarted={(incident) => {
                setPatrol(false)
                live.applyIncident(incident)
              }}
              onQueue={async (input, key, photo) => {
                await box.outbox.patrol(input, key, photo)
                setPatrol(false)
              }}
              onCancel={() => setPatrol(false)}
            />
          ) : waitingPatrol ? (
            <PatrolWaiting entry={waitingPatrol} />
          ) : (
            <IdleCard team={team} pending={!!pendingStatus} onStatus={(status) => box.outbox.status(status)} onPatrol={() => setPatrol(true)} />
          ))
        )}
        {assignment && <PositionCard sharing={sharing} />}
        <PushCard state={push.state} error={push.error} onEnable={() => void push.enable()} />
      </main>
    </div>
  )
}

/** A case found on patrol, recorded on the phone and waiting for a connection (decision 015). */
function PatrolWaiting({ entry }: { entry: OutboxEntry & { kind: 'patrol' } }) {
  const { t } = useTranslation('team')
  const { timezone } = useCityConfig()
  const locale = useLocale()
  return (
    <section className="card idle" data-testid="patrol-waiting" data-category={entry.input.category}>
      <h2>{t('patrol.title')}</h2>
      <p>
        {t('outbox.patrolWaiting', { category: t(`common:category.${entry.input.category}`), at: formatTime(entry.deviceTime, locale, timezone) })}
        <span className="pending-tag"> · {t('outbox.pendingStep')}</span>
      </p>
    </section>
  )
}

function Notice({ notice, onDismiss }: { notice: FinishedNotice; onDismiss: () => void }) {
  const { t } = useTranslation('team')
  const { ackTimeoutS } = useCityConfig()
  const good = notice.reason === 'handed_over'
  return (
    <div className={`note ${good ? 'note-ok' : 'note-info'} notice`} role="status" data-testid="finished-notice" data-reason={notice.reason}>
      <p>{notice.reason === 'handed_over' ? t('finished.handed_over', { at: notice.place ? t('finished.at', { place: notice.place }) : '' }) : t(`finished.${notice.reason}`, { s: ackTimeoutS })}</p>
      <button type="button" className="btn btn-small" onClick={onDismiss}>
        {t('finished.dismiss')}
      </button>
    </div>
  )
}

/**
 * No case: the team's duty state and the buttons to change it. A press goes through the outbox
 * like a case step (with the phone's time and an idempotency key), so it also works in a dead
 * zone; until it is sent the status shows as pressed, marked "not sent yet". Below them, starting
 * a case found on patrol (decision 015).
 */
function IdleCard({ team, pending, onStatus, onPatrol }: { team: Team; pending: boolean; onStatus: (status: OwnTeamStatus) => Promise<void>; onPatrol: () => void }) {
  const { t } = useTranslation('team')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const set = async (status: OwnTeamStatus) => {
    setBusy(true)
    setError(null)
    try {
      await onStatus(status)
    } catch (err) {
      setError(err)
    } finally {
      setBusy(false)
    }
  }
  const text = team.status === 'off_duty' ? t('idle.offDuty') : team.status === 'available' ? t('idle.available') : t('idle.returning')
  return (
    <section className="card idle" data-testid="idle" data-status={team.status} data-pending={String(pending)}>
      <h2>{t('idle.title')}</h2>
      <p>
        {text}
        {pending && <span className="pending-tag"> · {t('outbox.pendingStep')}</span>}
      </p>
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
      {team.status !== 'off_duty' && (
        <div className="patrol-start">
          <p className="small muted">{t('patrol.startHint')}</p>
          <button type="button" className="btn btn-large" onClick={onPatrol} data-testid="patrol-start">
            {t('patrol.start')}
          </button>
        </div>
      )}
    </section>
  )
}
