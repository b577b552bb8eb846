import type { MiddlewareHandler } from 'hono'
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
  return secureHeaders({
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
    permissionsPolicy: { geolocation: ['self'], camera: ['self'], microphone: [] },
  })
}

/** Closed unless CORS_ORIGINS names the origins (e.g. a city's 112 command centre app). */
export function corsPolicy(config: Config): MiddlewareHandler {
  const origins = config.CORS_ORIGINS.split(',').map((o) => o.trim()).filter(Boolean)
  if (origins.length === 0) return async (_c, next) => next()
  return cors({ origin: origins, credentials: false, allowHeaders: ['Content-Type', 'Authorization', 'Idempotency-Key'], maxAge: 600 })
}
