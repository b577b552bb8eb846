import { Hono, type MiddlewareHandler } from 'hono'
import { cors } from 'hono/cors'
import { secureHeaders } from 'hono/secure-headers'
import type { Config } from '../config.js'

/** The tile server's origin for the CSP, with `{s}` subdomains as a wildcard. */
export function tileOrigin(tileUrl: string): string | null {
  try {
    const u = new URL(tileUrl.replace(/\{s\}/g, 'a').replace(/\{[^}]+\}/g, '0'))
    const host = tileUrl.includes('{s}.') ? u.host.replace(/^a\./, '*.') : u.host
    return `${u.protocol}//${host}`
  } catch {
    return null
  }
}

/**
 * The security headers every response carries, with a CSP that lets Leaflet load tiles from the
 * configured host and nothing else from elsewhere; the app's own scripts, styles, sockets and
 * images only. hono's secureHeaders gives the list (its defaults are kept up to date upstream);
 * it is taken once, by running the middleware on an empty app, and written by the HTTP server
 * for every response (http/baseline.ts), not by a middleware on each finished response.
 */
export async function fixedSecurityHeaders(config: Config): Promise<Array<[string, string]>> {
  const tiles = tileOrigin(config.TILE_URL)
  const headers = secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      // Leaflet positions tiles and markers with inline styles.
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:', 'blob:', ...(tiles ? [tiles] : [])],
      connectSrc: ["'self'"],
      fontSrc: ["'self'"],
      objectSrc: ["'none'"],
      frameAncestors: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
    },
    crossOriginEmbedderPolicy: false,
    // Only over HTTPS: see HSTS.
    strictTransportSecurity: false,
    permissionsPolicy: { geolocation: ['self'], camera: ['self'], microphone: [] },
  })
  const res = await new Hono()
    .use(headers)
    .get('/', (c) => c.body(null, 204))
    .request('/')
  return [...res.headers.entries()].filter(([k]) => k !== 'content-type' && k !== 'content-length')
}

/**
 * Six months, subdomains included (what hono's secureHeaders would send). Sent only when the
 * site is served over HTTPS: a host must not send it over plain HTTP (RFC 6797 §7.2), e.g. the
 * quick start on a LAN address.
 */
export const HSTS = 'max-age=15552000; includeSubDomains'

/** The CORS_ORIGINS list, as origins. */
export function corsOrigins(config: Config): string[] {
  return config.CORS_ORIGINS.split(',')
    .map((o) => o.trim().replace(/\/+$/, ''))
    .filter(Boolean)
}

/**
 * Whether a browser page from `origin` may open a socket: the server's own origin (PUBLIC_URL's, or else the Host the request was sent to,
 * over http or https) and the CORS_ORIGINS list. Cookies are sent by port-blind same-site
 * rules, so a page on another port of the same host is as foreign as any other site.
 */
export function isAllowedOrigin(config: Config, origin: string, host: string | undefined): boolean {
  if (corsOrigins(config).includes(origin)) return true
  if (config.PUBLIC_URL) return new URL(config.PUBLIC_URL).origin === origin
  if (!host) return false
  const o = origin.toLowerCase()
  const h = host.toLowerCase()
  return o === `http://${h}` || o === `https://${h}`
}

/**
 * Closed unless CORS_ORIGINS names the origins (e.g. a city's 112 command centre app): then
 * null, and no middleware runs at all.
 */
export function corsPolicy(config: Config): MiddlewareHandler | null {
  const origins = corsOrigins(config)
  if (origins.length === 0) return null
  return cors({ origin: origins, credentials: false, allowHeaders: ['Content-Type', 'Authorization', 'Idempotency-Key'], maxAge: 600 })
}
