/** The longest client request id we keep; anything longer is cut. */
export const MAX_CLIENT_REQUEST_ID = 64

/**
 * A client's own X-Request-Id, reduced to characters that cannot forge a log line or a
 * column (letters, digits, `.`, `_`, `:`, `-`) and at most MAX_CLIENT_REQUEST_ID of them;
 * null when nothing is left.
 */
export function sanitizeClientRequestId(raw: string | undefined): string | null {
  if (!raw) return null
  const clean = raw.replace(/[^A-Za-z0-9._:-]/g, '').slice(0, MAX_CLIENT_REQUEST_ID)
  return clean || null
}
