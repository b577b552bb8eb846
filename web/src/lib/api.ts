import { HEADERS } from '@shared/api.js'
import type { SessionInfo } from '@shared/auth.js'
import type { ErrorCode, ErrorIssue } from '@shared/errors.js'

/**
 * The one place that talks HTTP to the server and knows who the browser is.
 *
 * Staff sign in with POST /api/auth/login: the server sets an HttpOnly session cookie (sent
 * with every same-origin request and the socket handshake) and returns a CSRF token that
 * must accompany every change (server/http/identity.ts). Citizens have no session.
 */
const CSRF_HEADER = 'X-CSRF-Token'

let session: SessionInfo | null = null
let onSessionLost: (() => void) | null = null

export function setSession(next: SessionInfo | null): void {
  session = next
}

export function getSession(): SessionInfo | null {
  return session
}

/** Called when the server no longer knows the session (expired, ended, account disabled). */
export function handleSessionLost(fn: (() => void) | null): void {
  onSessionLost = fn
}

export function sessionLost(): void {
  if (session) {
    session = null
    onSessionLost?.()
  }
}

/** A failed call: the server's `{ error }` body, or `network` when no answer came. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode | 'network',
    message: string,
    readonly issues: ErrorIssue[] = [],
  ) {
    super(message)
    this.name = 'ApiError'
  }
}

export interface RequestOptions {
  body?: unknown
  /** A raw body (e.g. a JPEG) sent as is with its content type. */
  raw?: { data: Blob; contentType: string }
  headers?: Record<string, string>
  /** Makes a POST safe to retry: reuse the same key when retrying the same request. */
  idempotencyKey?: string
  signal?: AbortSignal
}

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE'

async function send(method: Method, path: string, opts: RequestOptions): Promise<{ res: Response; parsed: unknown }> {
  const headers: Record<string, string> = { accept: 'application/json', ...opts.headers }
  let body: BodyInit | undefined
  if (opts.raw) {
    headers['content-type'] = opts.raw.contentType
    body = opts.raw.data
  } else if (opts.body !== undefined) {
    headers['content-type'] = 'application/json'
    body = JSON.stringify(opts.body)
  }
  if (opts.idempotencyKey) headers[HEADERS.idempotencyKey] = opts.idempotencyKey
  if (method !== 'GET' && session) headers[CSRF_HEADER] = session.csrfToken
  let res: Response
  try {
    res = await fetch(path, { method, headers, body, signal: opts.signal, credentials: 'same-origin' })
  } catch (err) {
    if (opts.signal?.aborted) throw err
    throw new ApiError(0, 'network', err instanceof Error ? err.message : String(err))
  }
  const text = await res.text()
  let parsed: unknown = null
  if (text) {
    try {
      parsed = JSON.parse(text)
    } catch {
      parsed = null
    }
  }
  return { res, parsed }
}

function toError(res: Response, parsed: unknown): ApiError {
  const e = (parsed as { error?: { code?: ErrorCode; message?: string; issues?: ErrorIssue[] } } | null)?.error
  return new ApiError(res.status, e?.code ?? (res.status >= 500 ? 'internal' : 'validation_failed'), e?.message ?? `${res.status} ${res.statusText}`, e?.issues ?? [])
}

export async function api<T>(method: Method, path: string, opts: RequestOptions = {}): Promise<T> {
  let { res, parsed } = await send(method, path, opts)
  // The browser holds a session cookie this page has no CSRF token for (a staff member
  // reporting from the same browser, or a session restored in another tab): fetch it, retry.
  if (res.status === 403 && method !== 'GET' && toError(res, parsed).message.includes(CSRF_HEADER)) {
    const me = await send('GET', '/api/auth/me', {})
    if (me.res.ok) {
      session = me.parsed as SessionInfo
      ;({ res, parsed } = await send(method, path, opts))
    }
  }
  if (!res.ok) {
    const err = toError(res, parsed)
    if (res.status === 401 && session) sessionLost()
    throw err
  }
  return parsed as T
}

/**
 * A random Idempotency-Key (8-128 of [A-Za-z0-9_-:.]). getRandomValues works on plain http too,
 * where crypto.randomUUID does not (a phone on the office LAN).
 */
export function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16))
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
}
