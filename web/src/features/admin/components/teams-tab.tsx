import { useCallback, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { Point } from '@shared/geo.js'
import type { Team } from '@shared/teams.js'
import { TeamStatusChip } from '../../../components/badges.js'
import { ErrorNote } from '../../../components/error-note.js'
import { Modal } from '../../../components/modal.js'
import { createTeam } from '../api/create-team.js'
import { getTeams } from '../api/get-teams.js'
import { updateTeam } from '../api/update-team.js'
import { useList } from '../hooks/use-list.js'
import { LocationPicker } from './location-picker.js'
import { FormActions } from './form-actions.js'

export function TeamsTab() {
  const { t } = useTranslation('admin')
  const teams = useList(getTeams)
  const [editing, setEditing] = useState<Team | 'new' | null>(null)
  const [note, setNote] = useState<string | null>(null)
  const close = useCallback(() => setEditing(null), [])
  return (
    <section data-testid="teams">
      <div className="row admin-section-head">
        <h2>{t('teams.heading')}</h2>
        <span className="spacer" />
        <button type="button" className="btn btn-primary" onClick={() => setEditing('new')} data-testid="team-add">
          {t('teams.add')}
        </button>
      </div>
      {note && (
        <div className="note note-ok" role="status">
          {note}
        </div>
      )}
      <ErrorNote error={teams.error} onRetry={teams.reload} />
      {teams.items?.length === 0 && <p className="muted">{t('teams.empty')}</p>}
      <ul className="admin-list">
        {teams.items?.map((tm) => (
          <li key={tm.id} className="card admin-item" data-testid="team-row" data-call-sign={tm.callSign}>
            <div className="admin-item-main">
              <strong>{tm.callSign}</strong> {tm.name}
              <div className="row-wrap admin-tags">
                <TeamStatusChip status={tm.status} />
                <span className="chip">{t('teams.memberCount', { count: tm.members.length })}</span>
                <span className="muted">{tm.base ? tm.base.name : t('teams.noBase')}</span>
              </div>
              {tm.members.length > 0 && <div className="muted admin-members">{tm.members.join(', ')}</div>}
            </div>
            <div className="row-wrap admin-actions">
              <button type="button" className="btn btn-small" onClick={() => setEditing(tm)} data-testid="team-edit">
                {t('edit')}
              </button>
            </div>
          </li>
        ))}
      </ul>
      {editing && (
        <TeamForm
          team={editing === 'new' ? undefined : editing}
          onClose={close}
          onSaved={() => {
            setNote(t('saved'))
            close()
            teams.reload()
          }}
        />
      )}
    </section>
  )
}

function TeamForm({ team, onClose, onSaved }: { team?: Team; onClose: () => void; onSaved: () => void }) {
  const { t } = useTranslation('admin')
  const [callSign, setCallSign] = useState(team?.callSign ?? '')
  const [name, setName] = useState(team?.name ?? '')
  const [phone, setPhone] = useState(team?.phone ?? '')
  const [members, setMembers] = useState((team?.members ?? []).join('\n'))
  const [baseName, setBaseName] = useState(team?.base?.name ?? '')
  const [basePoint, setBasePoint] = useState<Point | null>(team?.base ? { lon: team.base.lon, lat: team.base.lat } : null)
  const [onDuty, setOnDuty] = useState(false)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>(null)

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setBusy(true)
    setError(null)
    const list = members
      .split('\n')
      .map((m) => m.trim())
      .filter(Boolean)
    // A base is a name and a point: without a point the name alone is not saved (the map says
    // so); a point without a name is refused by the server, naming base.name.
    const base = basePoint ? { name: baseName.trim(), ...basePoint } : null
    try {
      if (team) await updateTeam(team.id, { callSign, name, phone: phone.trim() || null, members: list, base })
      else await createTeam({ callSign, name, ...(phone.trim() ? { phone: phone.trim() } : {}), members: list, base, onDuty })
      onSaved()
    } catch (err) {
      setError(err)
    } finally {
      setBusy(false)
    }
  }

  return (
    <Modal title={team ? `${t('edit')}: ${team.callSign}` : t('teams.add')} onClose={onClose} testId="team-form" wide>
      <form onSubmit={submit} className="admin-form admin-form-2col">
        <div>
          <label className="field">
            <span>{t('teams.callSign')}</span>
            <input required value={callSign} onChange={(e) => setCallSign(e.target.value)} data-testid="team-call-sign" />
          </label>
          <label className="field">
            <span>{t('teams.name')}</span>
            <input required value={name} onChange={(e) => setName(e.target.value)} data-testid="team-name" />
          </label>
          <label className="field">
            <span>{t('teams.phone')}</span>
            <input type="tel" value={phone} onChange={(e) => setPhone(e.target.value)} data-testid="team-phone" />
          </label>
          <label className="field">
            <span>
              {t('teams.members')} <small className="muted">({t('teams.membersHint')})</small>
            </span>
            <textarea rows={4} value={members} onChange={(e) => setMembers(e.target.value)} data-testid="team-members" />
          </label>
          {!team && (
            <label className="check">
              <input type="checkbox" checked={onDuty} onChange={(e) => setOnDuty(e.target.checked)} /> {t('teams.onDuty')}
            </label>
          )}
        </div>
        <div>
          <label className="field">
            <span>{t('teams.baseName')}</span>
            <input value={baseName} onChange={(e) => setBaseName(e.target.value)} data-testid="team-base-name" />
          </label>
          <p className="muted">{t('teams.basePick')}</p>
          <LocationPicker value={basePoint} onChange={setBasePoint} label={t('teams.base')} testId="team-base-map" />
          {(basePoint || baseName) && (
            <button
              type="button"
              className="btn btn-small btn-ghost"
              onClick={() => {
                setBasePoint(null)
                setBaseName('')
              }}
            >
              {t('teams.clearBase')}
            </button>
          )}
        </div>
        <div className="admin-form-foot">
          <FormActions error={error} errorTestId="team-error" busy={busy} onCancel={onClose} submitTestId="team-save" />
        </div>
      </form>
    </Modal>
  )
}
