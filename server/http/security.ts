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
 * Security headers with a CSP that lets Leaflet load tiles from the configured host and
 * nothing else from elsewhere; the app's own scripts, styles, sockets and images only.
 */
export function securityHeaders(config: Config): MiddlewareHandler {
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
    // Set below, only over HTTPS.
    strictTransportSecurity: false,
    permissionsPolicy: { geolocation: ['self'], camera: ['self'], microphone: [] },
  })
  const httpsPublic = Boolean(config.PUBLIC_URL?.startsWith('https:'))
  // hono's secureHeaders sets its (fixed) headers on the finished response, which makes
  // @hono/node-server build a full Response for every request (a CPU profile of the position
  // ingest showed it). The list is taken once, by running the middleware on an empty app, and
  // set before the route runs, as request ids and no-store are.
  let fixed: Promise<Array<[string, string]>> | null = null
  const list = () =>
    (fixed ??= Promise.resolve(
      new Hono()
        .use(headers)
        .get('/', (c) => c.body(null, 204))
        .request('/'),
    ).then((res) => [...res.headers.entries()].filter(([k]) => k !== 'content-type' && k !== 'content-length')))
  return async (c, next) => {
    for (const [k, v] of await list()) c.header(k, v)
    // Only when the site is served over HTTPS: a host must not send it over plain HTTP
    // (RFC 6797 §7.2), e.g. the quick start on a LAN address.
    if (httpsPublic || c.req.url.startsWith('https:')) c.header('Strict-Transport-Security', HSTS)
    await next()
  }
}

/** Six months, subdomains included (what hono's secureHeaders would send). */
const HSTS = 'max-age=15552000; includeSubDomains'

/**
 * API responses carry personal data and per-user state: no browser or proxy cache may keep
 * them (a shared computer in a command centre, a caching proxy). A route that may be cached
 * (the service area, public for an hour) sets its own Cache-Control.
 */
export function noStoreByDefault(): MiddlewareHandler {
  return async (c, next) => {
    // Set before the route runs, so a route's own c.header('Cache-Control', …) replaces it.
    // Setting it on the finished response instead made Hono rebuild every API response (and
    // @hono/node-server lose its fast path): 40 % of a small API request's time, measured.
    c.header('Cache-Control', 'no-store')
    await next()
  }
}

/** The CORS_ORIGINS list, as origins. */
export function corsOrigins(config: Config): string[] {
  return config.CORS_ORIGINS.split(',').map((o) => o.trim().replace(/\/+$/, '')).filter(Boolean)
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

/** Closed unless CORS_ORIGINS names the origins (e.g. a city's 112 command centre app). */
export function corsPolicy(config: Config): MiddlewareHandler {
  const origins = corsOrigins(config)
  if (origins.length === 0) return async (_c, next) => next()
  return cors({ origin: origins, credentials: false, allowHeaders: ['Content-Type', 'Authorization', 'Idempotency-Key'], maxAge: 600 })
}
