import { createContext, useCallback, useContext, useEffect, useState, type FormEvent, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import type { AccountRole, SessionInfo } from '@shared/auth.js'
import { ApiError, handleSessionLost } from '../lib/api.js'
import { login, logout, restoreSession } from '../lib/auth.js'
import { ErrorNote } from './error-note.js'
import { LanguageSwitch } from './language-switch.js'

interface SessionValue {
  session: SessionInfo
  signOut: () => void
}
const SessionContext = createContext<SessionValue | null>(null)

export function useSession(): SessionValue {
  const s = useContext(SessionContext)
  if (!s) throw new Error('useSession outside RequireSession')
  return s
}

type State = { kind: 'checking' } | { kind: 'signed-out'; expired: boolean } | { kind: 'signed-in'; session: SessionInfo } | { kind: 'error'; error: unknown }

/**
 * Staff pages render only for a signed-in account of an allowed role. The session survives a
 * reload (cookie; GET /api/auth/me); when the server ends it, the form comes back.
 */
export function RequireSession({ roles, headingKey, children }: { roles: readonly AccountRole[]; headingKey: string; children: ReactNode }) {
  const { t } = useTranslation()
  const heading = t(headingKey)
  const [state, setState] = useState<State>({ kind: 'checking' })

  const check = useCallback(() => {
    setState({ kind: 'checking' })
    restoreSession().then(
      (s) => setState(s ? { kind: 'signed-in', session: s } : { kind: 'signed-out', expired: false }),
      (error) => setState({ kind: 'error', error }),
    )
  }, [])

  useEffect(() => {
    check()
    handleSessionLost(() => setState({ kind: 'signed-out', expired: true }))
    return () => handleSessionLost(null)
  }, [check])

  const signOut = useCallback(() => {
    void logout().finally(() => setState({ kind: 'signed-out', expired: false }))
  }, [])

  if (state.kind === 'checking')
    return (
      <main className="boot" aria-busy="true">
        {t('loading')}
      </main>
    )
  if (state.kind === 'error') {
    return (
      <main className="boot">
        <ErrorNote error={state.error} onRetry={check} />
      </main>
    )
  }
  if (state.kind === 'signed-out') return <SignInForm heading={heading} expired={state.expired} onSignedIn={(session) => setState({ kind: 'signed-in', session })} />
  const { session } = state
  if (!roles.includes(session.user.role)) {
    return (
      <main className="sign-in">
        <div className="card sign-in-card">
          <h1>{heading}</h1>
          <div className="note note-warn" data-testid="wrong-role">
            {t('signIn.wrongRole', { user: session.user.username, role: t(`roles.${session.user.role}`) })}
          </div>
          <button type="button" className="btn btn-primary btn-block" onClick={signOut}>
            {t('signIn.signOut')}
          </button>
        </div>
      </main>
    )
  }
  return <SessionContext.Provider value={{ session, signOut }}>{children}</SessionContext.Provider>
}

/** Username and password; the same form for the console and the team phone. */
function SignInForm({ heading, expired, onSignedIn }: { heading: string; expired: boolean; onSignedIn: (s: SessionInfo) => void }) {
  const { t } = useTranslation()
  const [username, setUsername] = useState('')
  const [password, setPassword] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>(null)

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setBusy(true)
    setError(null)
    try {
      onSignedIn(await login(username.trim(), password))
    } catch (err) {
      setError(err)
    } finally {
      setBusy(false)
    }
  }
  const wrong = error instanceof ApiError && error.code === 'unauthorized'
  return (
    <main className="sign-in">
      <form className="card sign-in-card" onSubmit={submit} data-testid="sign-in">
        <div className="row">
          <div>
            <div className="brand">{t('appName')}</div>
            <h1>{heading}</h1>
          </div>
          <span className="spacer" />
          <LanguageSwitch />
        </div>
        {expired && <div className="note note-warn">{t('signIn.expired')}</div>}
        <label className="field">
          <span>{t('signIn.username')}</span>
          <input type="text" autoComplete="username" autoCapitalize="none" spellCheck={false} required value={username} onChange={(e) => setUsername(e.target.value)} data-testid="sign-in-username" />
        </label>
        <label className="field">
          <span>{t('signIn.password')}</span>
          <input type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} data-testid="sign-in-password" />
        </label>
        {wrong ? (
          <div className="note note-error" role="alert" data-testid="sign-in-error">
            {t('signIn.failed')}
          </div>
        ) : (
          <ErrorNote error={error} testId="sign-in-error" />
        )}
        <button type="submit" className="btn btn-primary btn-large" disabled={busy || !username || !password} data-testid="sign-in-submit">
          {busy ? t('signIn.submitting') : t('signIn.submit')}
        </button>
      </form>
    </main>
  )
}
