import { useCallback, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { ACCOUNT_ROLES, type AccountRole, type User } from '@shared/auth.js'
import type { Destination } from '@shared/destinations.js'
import type { Team } from '@shared/teams.js'
import { ErrorNote } from '../../../components/error-note.js'
import { Modal } from '../../../components/modal.js'
import { useSession } from '../../../components/require-session.js'
import { createUser } from '../api/create-user.js'
import { getAllDestinations } from '../api/get-destinations.js'
import { getTeams } from '../api/get-teams.js'
import { getUsers } from '../api/get-users.js'
import { updateUser } from '../api/update-user.js'
import { useList } from '../hooks/use-list.js'
import { FormActions } from './form-actions.js'

/** A password to hand over in person: 80 random bits as xxxx-xxxx-xxxx-xxxx (like the demo accounts'). */
export function generatePassword(): string {
  const alphabet = 'abcdefghijkmnpqrstuvwxyz23456789'
  const bytes = crypto.getRandomValues(new Uint8Array(16))
  const chars = Array.from(bytes, (b) => alphabet[b % alphabet.length])
  return [0, 4, 8, 12].map((i) => chars.slice(i, i + 4).join('')).join('-')
}

type Dialog = { kind: 'create' } | { kind: 'edit'; user: User } | { kind: 'password'; user: User } | null

export function AccountsTab() {
  const { t } = useTranslation('admin')
  const { session } = useSession()
  const users = useList(getUsers)
  const teams = useList(getTeams)
  const places = useList(getAllDestinations)
  const [dialog, setDialog] = useState<Dialog>(null)
  const [note, setNote] = useState<string | null>(null)
  const [error, setError] = useState<unknown>(null)
  const teamName = (id: string | null) => teams.items?.find((x) => x.id === id)?.callSign ?? ''
  const placeName = (id: string | null) => places.items?.find((x) => x.id === id)?.name ?? ''
  const close = useCallback(() => setDialog(null), [])

  const toggle = async (u: User) => {
    if (!u.disabled && !window.confirm(t('accounts.confirmDisable', { user: u.username }))) return
    setError(null)
    try {
      await updateUser(u.id, { disabled: !u.disabled })
      users.reload()
    } catch (err) {
      setError(err)
    }
  }

  return (
    <section data-testid="accounts">
      <div className="row admin-section-head">
        <h2>{t('accounts.heading')}</h2>
        <span className="spacer" />
        <button type="button" className="btn btn-primary" onClick={() => setDialog({ kind: 'create' })} data-testid="account-add">
          {t('accounts.add')}
        </button>
      </div>
      {note && (
        <div className="note note-ok" role="status" data-testid="account-note">
          {note}
        </div>
      )}
      <ErrorNote error={users.error ?? error} onRetry={users.error ? users.reload : undefined} />
      {users.items?.length === 0 && <p className="muted">{t('accounts.empty')}</p>}
      <ul className="admin-list">
        {users.items?.map((u) => (
          <li key={u.id} className={`card admin-item ${u.disabled ? 'is-disabled' : ''}`} data-testid="account-row" data-username={u.username}>
            <div className="admin-item-main">
              <strong>{u.displayName}</strong> <span className="muted mono">{u.username}</span>
              {u.id === session.user.id && <span className="muted"> ({t('accounts.you')})</span>}
              <div className="row-wrap admin-tags">
                <span className="chip">{t(`common:roles.${u.role}`, { defaultValue: u.role })}</span>
                {u.teamId && <span className="chip">{teamName(u.teamId)}</span>}
                {u.destinationId && <span className="chip">{placeName(u.destinationId)}</span>}
                {u.disabled && (
                  <span className="badge badge-disabled" data-testid="account-disabled">
                    {t('accounts.disabled')}
                  </span>
                )}
              </div>
            </div>
            <div className="row-wrap admin-actions">
              <button type="button" className="btn btn-small" onClick={() => setDialog({ kind: 'edit', user: u })} data-testid="account-edit">
                {t('edit')}
              </button>
              <button type="button" className="btn btn-small" onClick={() => setDialog({ kind: 'password', user: u })} data-testid="account-password">
                {t('accounts.resetPassword')}
              </button>
              {u.id !== session.user.id && (
                <button type="button" className={`btn btn-small ${u.disabled ? '' : 'btn-danger'}`} onClick={() => void toggle(u)} data-testid="account-toggle">
                  {u.disabled ? t('accounts.enable') : t('accounts.disable')}
                </button>
              )}
            </div>
          </li>
        ))}
      </ul>
      {dialog?.kind === 'create' && (
        <AccountForm
          teams={teams.items ?? []}
          places={places.items ?? []}
          onClose={close}
          onSaved={(u) => {
            setNote(t('accounts.created', { user: u.username }))
            close()
            users.reload()
          }}
        />
      )}
      {dialog?.kind === 'edit' && (
        <AccountForm
          user={dialog.user}
          teams={teams.items ?? []}
          places={places.items ?? []}
          onClose={close}
          onSaved={() => {
            setNote(t('saved'))
            close()
            users.reload()
          }}
        />
      )}
      {dialog?.kind === 'password' && (
        <PasswordForm
          user={dialog.user}
          onClose={close}
          onSaved={() => {
            setNote(t('accounts.resetDone', { user: dialog.user.username }))
            close()
          }}
        />
      )}
    </section>
  )
}

/** Create an account, or change an existing one's name, role and team. */
function AccountForm({ user, teams, places, onClose, onSaved }: { user?: User; teams: Team[]; places: Destination[]; onClose: () => void; onSaved: (u: User) => void }) {
  const { t } = useTranslation('admin')
  const [username, setUsername] = useState('')
  const [displayName, setDisplayName] = useState(user?.displayName ?? '')
  const [role, setRole] = useState<AccountRole>(user?.role ?? 'dispatcher')
  const [teamId, setTeamId] = useState(user?.teamId ?? '')
  const [password, setPassword] = useState(() => (user ? '' : generatePassword()))
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const needsTeam = role === 'team'
  // A facility account works at one destination (a shelter, RPS or panti) and sees only its people.
  const [destinationId, setDestinationId] = useState(user?.destinationId ?? '')
  const needsPlace = role === 'facility'

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setBusy(true)
    setError(null)
    try {
      const team = needsTeam ? teamId || undefined : undefined
      const saved = user
        ? await updateUser(user.id, { displayName, role, teamId: needsTeam ? teamId || null : null, destinationId: needsPlace ? destinationId || null : null })
        : await createUser({ username: username.trim(), displayName, role, password, ...(team ? { teamId: team } : {}), ...(needsPlace && destinationId ? { destinationId } : {}) })
      onSaved(saved)
    } catch (err) {
      setError(err)
    } finally {
      setBusy(false)
    }
  }

  return (
    <Modal title={user ? `${t('edit')}: ${user.username}` : t('accounts.add')} onClose={onClose} testId="account-form">
      <form onSubmit={submit} className="admin-form">
        {!user && (
          <label className="field">
            <span>{t('accounts.username')}</span>
            <input required autoCapitalize="none" spellCheck={false} value={username} onChange={(e) => setUsername(e.target.value.toLowerCase())} data-testid="account-username" />
            <small className="muted">{t('accounts.usernameHint')}</small>
          </label>
        )}
        <label className="field">
          <span>{t('accounts.displayName')}</span>
          <input required value={displayName} onChange={(e) => setDisplayName(e.target.value)} data-testid="account-display-name" />
        </label>
        <label className="field">
          <span>{t('accounts.role')}</span>
          <select value={role} onChange={(e) => setRole(e.target.value as AccountRole)} data-testid="account-role">
            {ACCOUNT_ROLES.map((r) => (
              <option key={r} value={r}>
                {t(`common:roles.${r}`, { defaultValue: r })}
              </option>
            ))}
          </select>
        </label>
        {needsTeam && (
          <label className="field">
            <span>{t('accounts.team')}</span>
            <select required value={teamId} onChange={(e) => setTeamId(e.target.value)} data-testid="account-team">
              <option value="">{t('accounts.chooseTeam')}</option>
              {teams.map((tm) => (
                <option key={tm.id} value={tm.id}>
                  {tm.callSign} – {tm.name}
                </option>
              ))}
            </select>
          </label>
        )}
        {needsPlace && (
          <label className="field">
            <span>{t('accounts.destination')}</span>
            <select required value={destinationId} onChange={(e) => setDestinationId(e.target.value)} data-testid="account-destination">
              <option value="">{t('accounts.chooseDestination')}</option>
              {places
                .filter((p) => p.active || p.id === destinationId)
                .map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name}
                  </option>
                ))}
            </select>
          </label>
        )}
        {user && <p className="muted">{t('accounts.roleNote')}</p>}
        {!user && (
          <label className="field">
            <span>{t('accounts.password')}</span>
            <div className="row">
              <input required minLength={10} className="mono" value={password} onChange={(e) => setPassword(e.target.value)} data-testid="account-password-input" />
              <button type="button" className="btn btn-small" onClick={() => setPassword(generatePassword())}>
                {t('accounts.generate')}
              </button>
            </div>
            <small className="muted">{t('accounts.passwordHint')}</small>
          </label>
        )}
        <FormActions error={error} errorTestId="account-error" busy={busy} onCancel={onClose} submitTestId="account-save" />
      </form>
    </Modal>
  )
}

/** Sets a new password chosen (or generated) by the admin; the account's sessions end. */
function PasswordForm({ user, onClose, onSaved }: { user: User; onClose: () => void; onSaved: () => void }) {
  const { t } = useTranslation('admin')
  const [password, setPassword] = useState(generatePassword)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setBusy(true)
    setError(null)
    try {
      await updateUser(user.id, { password })
      onSaved()
    } catch (err) {
      setError(err)
    } finally {
      setBusy(false)
    }
  }
  return (
    <Modal title={`${t('accounts.resetPassword')}: ${user.username}`} onClose={onClose} testId="password-form">
      <form onSubmit={submit} className="admin-form">
        <label className="field">
          <span>{t('accounts.newPassword')}</span>
          <div className="row">
            <input required minLength={10} className="mono" value={password} onChange={(e) => setPassword(e.target.value)} data-testid="new-password" />
            <button type="button" className="btn btn-small" onClick={() => setPassword(generatePassword())}>
              {t('accounts.generate')}
            </button>
          </div>
          <small className="muted">{t('accounts.passwordHint')}</small>
        </label>
        <FormActions error={error} busy={busy} onCancel={onClose} submitTestId="password-save" />
      </form>
    </Modal>
  )
}
