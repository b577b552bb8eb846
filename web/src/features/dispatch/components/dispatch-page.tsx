import { useEffect, useMemo, useState, useSyncExternalStore } from 'react'
import { useTranslation } from 'react-i18next'
import { ASSIGNABLE_TEAM_STATUSES } from '@shared/teams.js'
import { ConnectionPill } from '../../../components/connection-pill.js'
import { ErrorNote } from '../../../components/error-note.js'
import { Icon } from '../../../components/icons.js'
import { LanguageSwitch } from '../../../components/language-switch.js'
import { useSession } from '../../../components/require-session.js'
import { useCityConfig } from '../../../lib/city-config.js'
import { useLocale } from '../../../lib/i18n.js'
import { formatTime, zoneName } from '../../../lib/time.js'
import { useNow } from '../../../lib/use-now.js'
import { DispatchStoreContext, useDispatch } from '../hooks/use-dispatch.js'
import { usePermissions } from '../hooks/use-permissions.js'
import { audioState, onAudioState, playAlert, unlockAudio } from '../../../lib/alert-sound.js'
import { visibleQueue } from '../lib/queue-order.js'
import { DispatchStore } from '../store/dispatch-store.js'
import { CallTakerDialog } from './call-taker-dialog.js'
import { DestinationList } from './destination-list.js'
import { DispatchMap } from './dispatch-map.js'
import { DutyStrip } from './duty-strip.js'
import { IncidentPanel } from './incident-panel.js'
import { IncidentQueue } from './incident-queue.js'
import { NewIncidentAlerts } from './new-incident-alerts.js'
import { TeamList } from './team-list.js'
import '../dispatch.css'

type Tab = 'queue' | 'teams' | 'destinations'

/** The dispatcher's console: live map, queue, incident panel, teams and destinations. */
export function DispatchPage() {
  const can = usePermissions()
  const { roster } = can
  const store = useMemo(() => {
    const st = new DispatchStore({ stayAlerts: can.stayAlerts })
    st.readsRoster = roster
    return st
  }, [roster, can.stayAlerts])
  useEffect(() => {
    store.onAlert = (a) => {
      // A timeout rings twice: it is worse news than a new report (someone is not answering).
      const played = playAlert() && (a.kind === 'new' || playAlert(0.9))
      if (played) document.documentElement.dataset.alertsPlayed = String(Number(document.documentElement.dataset.alertsPlayed ?? 0) + 1)
    }
    store.start()
    return () => store.stop()
  }, [store])
  return (
    <DispatchStoreContext.Provider value={store}>
      <Console store={store} />
    </DispatchStoreContext.Provider>
  )
}

function Console({ store }: { store: DispatchStore }) {
  const { t } = useTranslation('dispatch')
  const [tab, setTab] = useState<Tab>('queue')
  const [selectedId, setSelectedId] = useState<string | null>(null)
  const [focus, setFocus] = useState<{ id: string; n: number } | null>(null)
  const [callTaker, setCallTaker] = useState(false)
  const loaded = useDispatch((s) => s.loaded)
  const loadError = useDispatch((s) => s.loadError)
  const incidents = useDispatch((s) => s.incidents)
  const teams = useDispatch((s) => s.teams)
  const destinations = useDispatch((s) => s.destinations)
  const alerts = useDispatch((s) => s.alerts)
  const counts = useDispatch((s) => s.counts)
  const pages = useDispatch((s) => s.queuePages)

  const select = (id: string, pan = true) => {
    setSelectedId(id)
    setTab('queue')
    store.dismissAlertsFor(id)
    if (pan) setFocus((f) => ({ id, n: (f?.n ?? 0) + 1 }))
  }

  // The tab title counts unseen new reports, visible from another tab.
  useEffect(() => {
    const base = t('title')
    document.title = alerts.length ? `(${alerts.length}) ${base}` : base
  }, [alerts.length, t])

  // Cases that wait too long without a team raise an alert of their own.
  const { waitAlertMin } = useCityConfig()
  const now = useNow(15_000)
  useEffect(() => {
    if (loaded) store.checkWaiting(now, waitAlertMin)
  }, [store, loaded, now, incidents, waitAlertMin])

  // Browsers allow sound only after a gesture: the first click anywhere unlocks it.
  useEffect(() => {
    unlockAudio() // allowed without a gesture where the site may autoplay
    const unlock = () => unlockAudio()
    window.addEventListener('pointerdown', unlock, { once: true })
    return () => window.removeEventListener('pointerdown', unlock)
  }, [])

  // The true counts come from the server; what is loaded may be only the first pages.
  const queue = visibleQueue(incidents.values(), pages.complete ? null : pages.loadedUpTo)
  const shownWaiting = queue.filter((i) => i.status === 'reported').length
  const waiting = counts ? Math.max(counts.waiting.total, shownWaiting) : shownWaiting
  const active = counts ? counts.active.total : queue.length - shownWaiting
  const teamList = [...teams.values()]
  const free = teamList.filter((tm) => ASSIGNABLE_TEAM_STATUSES.includes(tm.status) && !tm.currentIncidentId).length
  const onDuty = teamList.filter((tm) => tm.status !== 'off_duty').length

  return (
    <div className="dispatch" data-testid="dispatch-console" data-loaded={loaded}>
      <TopBar waiting={waiting} active={active} free={free} total={onDuty} onCallTaker={() => setCallTaker(true)} />
      <DutyStrip />
      {/* Landmarks and a heading for screen readers (axe: no main, no h1, content outside landmarks). */}
      <main className="dispatch-body">
        <h1 className="sr-only">{t('console')}</h1>
        <aside className="dispatch-side">
          <div className="tabs" role="tablist">
            {(['queue', 'teams', 'destinations'] as const).map((k) => (
              <button key={k} type="button" role="tab" aria-selected={tab === k} onClick={() => setTab(k)} data-testid={`tab-${k}`}>
                {t(`tabs.${k}`)}
                <span className="tab-count">{k === 'queue' ? waiting + active : k === 'teams' ? teamList.length : [...destinations.values()].filter((d) => d.active).length}</span>
              </button>
            ))}
          </div>
          <div className="side-scroll">
            {loadError != null && <ErrorNote error={loadError} onRetry={() => void store.load()} />}
            {!loaded && !loadError && <p className="empty">{t('common:loading')}</p>}
            {loaded && tab === 'queue' && <IncidentQueue selectedId={selectedId} onSelect={(id) => select(id)} />}
            {loaded && tab === 'teams' && <TeamList onSelectIncident={(id) => select(id)} />}
            {loaded && tab === 'destinations' && <DestinationList />}
          </div>
        </aside>
        <section className="dispatch-main">
          <DispatchMap selectedId={selectedId} onSelect={(id) => select(id, false)} focus={focus} />
          {shownWaiting < waiting && (
            <p className="map-partial" data-testid="map-partial">
              {t('mapPartial', { shown: shownWaiting, total: waiting })}
            </p>
          )}
          <NewIncidentAlerts onOpen={(id) => select(id)} />
          {selectedId && incidents.has(selectedId) && (
            <IncidentPanel
              key={selectedId}
              incidentId={selectedId}
              onClose={() => setSelectedId(null)}
              onSelect={(id) => select(id)}
              onFocus={(id) => {
                setFocus((f) => ({ id, n: (f?.n ?? 0) + 1 }))
                // On a phone the panel covers the whole screen: close it to show the map.
                if (window.matchMedia('(max-width: 900px)').matches) {
                  setSelectedId(null)
                  window.scrollTo({ top: 0, behavior: 'smooth' })
                }
              }}
            />
          )}
        </section>
      </main>
      {callTaker && (
        <CallTakerDialog
          onClose={() => setCallTaker(false)}
          onCreated={(i) => {
            store.upsertIncident(i)
            setCallTaker(false)
            select(i.id)
          }}
        />
      )}
    </div>
  )
}

function TopBar({ waiting, active, free, total, onCallTaker }: { waiting: number; active: number; free: number; total: number; onCallTaker: () => void }) {
  const { t } = useTranslation('dispatch')
  const { city, timezone } = useCityConfig()
  const locale = useLocale()
  const now = useNow(1000)
  const connection = useDispatch((s) => s.connection)
  const audio = useSyncExternalStore(onAudioState, audioState)
  const can = usePermissions()
  const { session, signOut } = useSession()
  return (
    <header className="topbar">
      <div className="topbar-brand">
        <strong>{t('common:appName')}</strong>
        <span className="topbar-sub">
          {t('console')} · {city}
        </span>
      </div>
      <div className="topbar-stats">
        <span className={`stat ${waiting ? 'stat-alert' : ''}`} data-testid="count-waiting">
          {t('counts.waiting', { n: waiting })}
        </span>
        <span className="stat">{t('counts.active', { n: active })}</span>
        <span className="stat">{t('counts.teamsFree', { free, total })}</span>
      </div>
      <span className="spacer" />
      <span className="topbar-clock mono" title={timezone}>
        {formatTime(new Date(now).toISOString(), locale, timezone, true)} {zoneName(locale, timezone)}
      </span>
      <ConnectionPill state={connection} />
      <button
        type="button"
        className={`btn btn-small ${audio === 'running' ? 'btn-ghost' : 'btn-warn'}`}
        onClick={() => (audio === 'running' ? playAlert() : unlockAudio())}
        data-testid="sound"
        data-state={audio}
      >
        <Icon name={audio === 'running' ? 'bell' : 'bellOff'} />
        {audio === 'running' ? t('sound.test') : t('sound.off')}
      </button>
      {can.reportByPhone && (
        <button type="button" className="btn btn-primary btn-small" onClick={onCallTaker} data-testid="open-call-taker">
          <Icon name="phone" />
          {t('callTaker')}
        </button>
      )}
      {/* The office's other pages, each its own bundle: a plain link, so the console's does not grow. */}
      <nav className="row-wrap topbar-links" aria-label={t('pages.label')}>
        {can.history && (
          <a className="btn btn-ghost btn-small" href="/history" data-testid="link-history">
            {t('pages.history')}
          </a>
        )}
        {can.reports && (
          <a className="btn btn-ghost btn-small" href="/reports" data-testid="link-reports">
            {t('pages.reports')}
          </a>
        )}
        {can.admin && (
          <a className="btn btn-ghost btn-small" href="/admin" data-testid="link-admin">
            {t('pages.admin')}
          </a>
        )}
      </nav>
      <LanguageSwitch />
      <span className="topbar-user" title={t('common:signIn.signedInAs', { name: session.user.displayName })}>
        {session.user.displayName}
      </span>
      <button type="button" className="btn btn-ghost btn-small" onClick={signOut} data-testid="sign-out">
        {t('common:signIn.signOut')}
      </button>
    </header>
  )
}
