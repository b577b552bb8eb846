import type { SessionInfo } from '@shared/auth.js'
import { api, ApiError, setSession } from './api.js'

/** POST /api/auth/login: sets the session cookie; the answer carries the CSRF token. */
export async function login(username: string, password: string): Promise<SessionInfo> {
  const info = await api<SessionInfo>('POST', '/api/auth/login', { body: { username, password } })
  setSession(info)
  return info
}

/** GET /api/auth/me: the session this browser already has (after a reload), or null. */
export async function restoreSession(): Promise<SessionInfo | null> {
  try {
    const info = await api<SessionInfo>('GET', '/api/auth/me')
    setSession(info)
    return info
  } catch (err) {
    if (err instanceof ApiError && (err.status === 401 || err.status === 403)) return null
    throw err
  }
}

export async function logout(): Promise<void> {
  try {
    await api('POST', '/api/auth/logout')
  } finally {
    setSession(null)
  }
}
