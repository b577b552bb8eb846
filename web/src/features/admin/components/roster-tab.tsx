import { useCallback, useEffect, useMemo, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { User } from '@shared/auth.js'
import type { RosterShift, RosterWeek } from '@shared/roster.js'
import type { Team } from '@shared/teams.js'
import { ErrorNote } from '../../../components/error-note.js'
import { Modal } from '../../../components/modal.js'
import { useCityConfig } from '../../../lib/city-config.js'
import { useLocale } from '../../../lib/i18n.js'
import { formatTime } from '../../../lib/time.js'
import { getRoster } from '../api/get-roster.js'
import { getTeams } from '../api/get-teams.js'
import { getUsers } from '../api/get-users.js'
import { saveShiftPlan } from '../api/save-shift-plan.js'
import { useList } from '../hooks/use-list.js'
import { FormActions } from './form-actions.js'

const DAY_MS = 86_400_000
const addDays = (date: string, n: number) => new Date(Date.parse(`${date}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10)
/** Today in the city's calendar, as YYYY-MM-DD. */
const todayIn = (timeZone: string) => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date())
/** The Monday of the week a date falls in. */
const mondayOf = (date: string) => addDays(date, -((new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7))

/**
 * The duty roster for a week: each day's shifts with their supervisor and teams. An admin plans
 * a shift in a dialog; the plan takes effect at the shift change (decision 013).
 */
export function RosterTab() {
  const { t } = useTranslation('admin')
  const { timezone } = useCityConfig()
  const locale = useLocale()
  const [monday, setMonday] = useState(() => mondayOf(todayIn(timezone)))
  const [week, setWeek] = useState<RosterWeek | null>(null)
  const [error, setError] = useState<unknown>(null)
  const [editing, setEditing] = useState<RosterShift | null>(null)
  const teams = useList(getTeams)
  const users = useList(getUsers)
  const load = useCallback(() => {
    setError(null)
    getRoster(monday, addDays(monday, 6)).then(setWeek, setError)
  }, [monday])
  useEffect(load, [load])
  const days = useMemo(() => {
    const byDate = new Map<string, RosterShift[]>()
    for (const s of week?.days ?? []) byDate.set(s.date, [...(byDate.get(s.date) ?? []), s])
    return [...byDate.entries()]
  }, [week])
  const shiftName = (id: string) => week?.shifts.find((s) => s.id === id)?.name ?? id
  const dayLabel = (date: string) => new Intl.DateTimeFormat(locale, { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' }).format(new Date(`${date}T00:00:00Z`))

  return (
    <section data-testid="roster">
      <div className="row-wrap admin-section-head">
        <h2>{t('roster.heading')}</h2>
        <span className="spacer" />
        <button type="button" className="btn btn-small" onClick={() => setMonday(addDays(monday, -7))} data-testid="roster-prev" aria-label={t('roster.prevWeek')}>
          ‹
        </button>
        <span className="mono" data-testid="roster-range">
          {monday} – {addDays(monday, 6)}
        </span>
        <button type="button" className="btn btn-small" onClick={() => setMonday(addDays(monday, 7))} data-testid="roster-next" aria-label={t('roster.nextWeek')}>
          ›
        </button>
      </div>
      <p className="muted">{t('roster.intro')}</p>
      <ErrorNote error={error ?? teams.error ?? users.error} onRetry={load} />
      <div className="roster-days">
        {days.map(([date, shifts]) => (
          <div key={date} className="card roster-day" data-testid="roster-day" data-date={date}>
            <h3>{dayLabel(date)}</h3>
            <ul className="admin-list">
              {shifts.map((s) => (
                <li key={s.shiftId} className="roster-shift" data-testid="roster-shift" data-shift={s.shiftId} data-planned={s.planned}>
                  <div className="admin-item-main">
                    <strong>{shiftName(s.shiftId)}</strong>{' '}
                    <span className="muted mono">
                      {formatTime(s.startsAt, locale, timezone)}–{formatTime(s.endsAt, locale, timezone)}
                    </span>
                    <div className="row-wrap admin-tags">
                      {s.teams.length === 0 && <span className="muted">{t('roster.notPlanned')}</span>}
                      {s.teams.map((tm) => (
                        <span key={tm.teamId} className="chip" title={tm.members.map((m) => m.displayName).join(', ')}>
                          {tm.callSign}
                          {tm.members.length > 0 && ` · ${tm.members.map((m) => m.displayName).join(', ')}`}
                        </span>
                      ))}
                    </div>
                    {s.supervisor && (
                      <div className="muted admin-members">
                        {t('roster.supervisor')}: {s.supervisor.displayName}
                      </div>
                    )}
                  </div>
                  <button type="button" className="btn btn-small" onClick={() => setEditing(s)} data-testid="roster-edit">
                    {t('edit')}
                  </button>
                </li>
              ))}
            </ul>
          </div>
        ))}
      </div>
      {editing && teams.items && users.items && (
        <ShiftForm
          shift={editing}
          title={`${dayLabel(editing.date)} · ${shiftName(editing.shiftId)}`}
          teams={teams.items}
          users={users.items}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null)
            load()
          }}
        />
      )}
    </section>
  )
}

function ShiftForm({ shift, title, teams, users, onClose, onSaved }: { shift: RosterShift; title: string; teams: Team[]; users: User[]; onClose: () => void; onSaved: () => void }) {
  const { t } = useTranslation('admin')
  const [supervisorId, setSupervisorId] = useState(shift.supervisor?.id ?? '')
  const [chosen, setChosen] = useState<Map<string, Set<string>>>(() => new Map(shift.teams.map((tm) => [tm.teamId, new Set(tm.members.map((m) => m.id))])))
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const supervisors = users.filter((u) => !u.disabled && (u.role === 'dispatcher' || u.role === 'admin'))
  const membersOf = (teamId: string) => users.filter((u) => !u.disabled && u.role === 'team' && u.teamId === teamId)

  const toggleTeam = (teamId: string, on: boolean) => {
    const next = new Map(chosen)
    if (on) next.set(teamId, new Set(membersOf(teamId).map((u) => u.id)))
    else next.delete(teamId)
    setChosen(next)
  }
  const toggleMember = (teamId: string, userId: string, on: boolean) => {
    const next = new Map(chosen)
    const set = new Set(next.get(teamId) ?? [])
    if (on) set.add(userId)
    else set.delete(userId)
    next.set(teamId, set)
    setChosen(next)
  }
  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setBusy(true)
    setError(null)
    try {
      await saveShiftPlan(shift.date, shift.shiftId, { supervisorId: supervisorId || null, teams: [...chosen.entries()].map(([teamId, m]) => ({ teamId, memberIds: [...m] })) })
      onSaved()
    } catch (err) {
      setError(err)
    } finally {
      setBusy(false)
    }
  }
  return (
    <Modal title={title} onClose={onClose} testId="shift-form">
      <form onSubmit={submit} className="admin-form">
        <label className="field">
          <span>{t('roster.supervisor')}</span>
          <select value={supervisorId} onChange={(e) => setSupervisorId(e.target.value)} data-testid="shift-supervisor">
            <option value="">{t('none')}</option>
            {supervisors.map((u) => (
              <option key={u.id} value={u.id}>
                {u.displayName}
              </option>
            ))}
          </select>
        </label>
        <fieldset className="roster-teams">
          <legend className="field-label">{t('roster.teams')}</legend>
          {teams.map((tm) => {
            const on = chosen.has(tm.id)
            const members = membersOf(tm.id)
            return (
              <div key={tm.id} className="roster-team">
                <label className="check">
                  <input type="checkbox" checked={on} onChange={(e) => toggleTeam(tm.id, e.target.checked)} data-testid="shift-team" data-call-sign={tm.callSign} /> <strong>{tm.callSign}</strong>{' '}
                  {tm.name}
                </label>
                {on && members.length > 0 && (
                  <div className="roster-members">
                    {members.map((u) => (
                      <label key={u.id} className="check">
                        <input type="checkbox" checked={chosen.get(tm.id)?.has(u.id) ?? false} onChange={(e) => toggleMember(tm.id, u.id, e.target.checked)} data-testid="shift-member" />{' '}
                        {u.displayName}
                      </label>
                    ))}
                  </div>
                )}
                {on && members.length === 0 && <div className="muted roster-members">{t('roster.noAccounts')}</div>}
              </div>
            )
          })}
        </fieldset>
        <p className="muted">{t('roster.takesEffect')}</p>
        <FormActions error={error} errorTestId="shift-error" busy={busy} onCancel={onClose} submitTestId="shift-save" />
      </form>
    </Modal>
  )
}
