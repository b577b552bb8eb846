import path from 'node:path'
import proxyaddr from 'proxy-addr'
import { z } from 'zod'

const bool = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => v === 'true' || v === '1' || v === 'yes')

/** What TRUST_PROXY=true trusts: a reverse proxy on this machine or the private network. */
export const TRUSTED_PROXY_DEFAULT = ['loopback', 'linklocal', 'uniquelocal'] as const

/**
 * Every setting, parsed once at boot (nothing else reads process.env). Numbers are named
 * limits; defaults suit a city the size of Depok.
 */
export const ConfigSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  /** A Postgres server; when unset the embedded PGlite database under DATA_DIR is used. */
  DATABASE_URL: z.string().url().optional(),
  DATA_DIR: z.string().default('./data'),
  /** Folder with city.json and the city's boundary and facility files. */
  CITY_DIR: z.string().default('./db/seeds/depok'),
  /**
   * Demo accounts, teams and example shelters. Unset: on only for the embedded quick start with
   * nothing else configured (no DATABASE_URL, no ADMIN_USERNAME/ADMIN_PASSWORD); see server/startup.ts.
   */
  DEMO: z.preprocess((v) => (v === '' ? undefined : v), bool.optional()),
  PUBLIC_URL: z.string().url().optional(),
  TIMEZONE: z.string().optional(),
  /** auto: assign the nearest team at once; manual: the dispatcher chooses. */
  ASSIGNMENT_MODE: z.enum(['auto', 'manual']).default('auto'),
  ACK_TIMEOUT_S: z.coerce.number().int().min(5).max(3600).default(90),
  STALE_POSITION_MIN: z.coerce
    .number()
    .min(1)
    .max(24 * 60)
    .default(30),
  /** The console alerts (sound and banner) when a case has waited this long without a team. */
  WAIT_ALERT_MIN: z.coerce
    .number()
    .min(1)
    .max(24 * 60)
    .default(10),
  /** How often a server process confirms its team phone connections (presence). 0: never (tests drive it). */
  PRESENCE_HEARTBEAT_S: z.coerce.number().min(0).max(3600).default(20),
  /**
   * Auto-assignment and teams whose phone is not connected: `prefer` tries connected teams
   * first (nearest first among them), `only` never auto-assigns to a team without a connected
   * phone, `ignore` looks at distance alone. Dispatchers can always choose any team.
   */
  ASSIGN_REACHABLE: z.enum(['prefer', 'only', 'ignore']).default('prefer'),
  /**
   * With ASSIGN_REACHABLE=prefer, a team whose phone is connected goes first only if it is at most
   * this much farther from the case than the nearest free team: beyond that, distance wins.
   */
  ASSIGN_REACHABLE_EXTRA_KM: z.coerce.number().min(0).max(1000).default(3),
  /**
   * The contact sent with every Web Push request (RFC 8292's `sub`: a `mailto:` address or an
   * https URL), so a push service can reach the operator. Unset: PUBLIC_URL when it is https;
   * with neither, push to team phones is off (the phones' alarm still rings while the app is open).
   */
  PUSH_SUBJECT: z
    .string()
    .regex(/^(mailto:\S+@\S+|https:\/\/\S+)$/, 'a mailto: address or an https:// URL')
    .optional(),
  /**
   * Accept push endpoints on plain http and on loopback, private or link-local addresses (tests,
   * with a local push service). Never in production: the server POSTs to these URLs.
   */
  PUSH_ALLOW_HTTP: bool.default(false),
  DUPLICATE_RADIUS_M: z.coerce.number().min(0).max(10_000).default(150),
  DUPLICATE_WINDOW_MIN: z.coerce
    .number()
    .min(0)
    .max(7 * 24 * 60)
    .default(120),
  /** How often acknowledgement deadlines are checked. 0 disables the timer (tests drive it). */
  SWEEP_INTERVAL_MS: z.coerce.number().int().min(0).default(1000),
  /** How long to wait for a phone to confirm it received an assignment before re-sending. */
  OFFER_RESEND_MS: z.coerce.number().int().min(50).default(5000),
  TILE_URL: z.string().default('https://tile.openstreetmap.org/{z}/{x}/{y}.png'),
  TILE_ATTRIBUTION: z.string().default('© OpenStreetMap contributors'),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  /** json: one object per line (for collectors); pretty: readable lines; auto: pretty on a terminal. */
  LOG_FORMAT: z.enum(['auto', 'json', 'pretty']).default('auto'),
  MAX_BODY_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(64 * 1024),
  /** Largest report photo accepted (after the browser has resized it). */
  MAX_PHOTO_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(3 * 1024 * 1024),
  /** A session lasts one shift at most. */
  SESSION_TTL_HOURS: z.coerce
    .number()
    .min(0.01)
    .max(24 * 30)
    .default(12),
  /** Mark cookies Secure; on by default when PUBLIC_URL is https. */
  COOKIE_SECURE: bool.optional(),
  /** The first admin, created at first start when there are no accounts. */
  ADMIN_USERNAME: z.string().min(3).optional(),
  ADMIN_PASSWORD: z.string().min(10).optional(),
  /** Browser origins allowed to call the API cross-origin (comma-separated); none by default. */
  CORS_ORIGINS: z.string().default(''),
  /** Public report form: reports per IP per hour, and per phone number per hour. */
  REPORTS_PER_IP_PER_HOUR: z.coerce.number().int().min(1).default(20),
  REPORTS_PER_PHONE_PER_HOUR: z.coerce.number().int().min(1).default(5),
  /**
   * Failed sign-ins allowed per (username, client address) pair in 15 minutes: what stops one
   * attacker guessing one account (OWASP Authentication Cheat Sheet, "Login Throttling").
   */
  LOGIN_FAILURES_PER_15_MIN: z.coerce.number().int().min(1).default(10),
  /**
   * Failed sign-ins allowed per username in an hour, from all addresses together. Kept above what
   * one address can reach (4 windows of LOGIN_FAILURES_PER_15_MIN, ≤ 50 with the defaults), so
   * a single attacker cannot lock a staff member out; only a spread-out attack can.
   */
  LOGIN_FAILURES_PER_USER_PER_HOUR: z.coerce.number().int().min(1).default(100),
  /** Failed sign-ins allowed per client address in 15 minutes (high: an office may share one NAT address). */
  LOGIN_FAILURES_PER_IP_PER_15_MIN: z.coerce.number().int().min(1).default(100),
  /**
   * The public summary publishes no count under this (shown as "<N"), so no person can be
   * singled out in a small kecamatan; 5 is a common floor for published small-area counts.
   */
  PUBLIC_MIN_CELL: z.coerce.number().int().min(2).max(100).default(5),
  /**
   * Which peers may tell us the client's address in X-Forwarded-For: `false` (none: the
   * connection's address is the client's), `true` (loopback, link-local and private addresses:
   * a reverse proxy you run), or a comma-separated list of addresses, CIDRs and the names
   * `loopback`, `linklocal`, `uniquelocal` (proxy-addr). The client is the right-most address
   * not in this list, so a forged left-most entry changes nothing.
   */
  TRUST_PROXY: z
    .string()
    .trim()
    .default('false')
    .transform((v, ctx): false | string[] => {
      const lower = v.toLowerCase()
      if (['false', '0', 'no', ''].includes(lower)) return false
      if (['true', '1', 'yes'].includes(lower)) return [...TRUSTED_PROXY_DEFAULT]
      const list = v
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean)
      try {
        proxyaddr.compile(list)
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: `not an address, CIDR or proxy-addr name: ${err instanceof Error ? err.message : String(err)}` })
        return z.NEVER
      }
      return list
    }),
})
export type Config = z.infer<typeof ConfigSchema>

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = ConfigSchema.safeParse(env)
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`)
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`)
  }
  return { ...parsed.data, DATA_DIR: path.resolve(parsed.data.DATA_DIR), CITY_DIR: path.resolve(parsed.data.CITY_DIR) }
}

/** Defaults for tests and tools, overridable field by field. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  return { ...loadConfig({ SWEEP_INTERVAL_MS: '0', LOG_LEVEL: 'silent', DEMO: 'false' }), ...overrides }
}
