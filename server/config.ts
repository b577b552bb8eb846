import path from 'node:path'
import { z } from 'zod'

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes')

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
  /** Load demo teams and example shelters into an empty database. */
  DEMO: bool.default(true),
  PUBLIC_URL: z.string().url().optional(),
  TIMEZONE: z.string().optional(),
  /** auto: assign the nearest team at once; manual: the dispatcher chooses. */
  ASSIGNMENT_MODE: z.enum(['auto', 'manual']).default('auto'),
  ACK_TIMEOUT_S: z.coerce.number().int().min(5).max(3600).default(90),
  STALE_POSITION_MIN: z.coerce.number().min(1).max(24 * 60).default(30),
  DUPLICATE_RADIUS_M: z.coerce.number().min(0).max(10_000).default(150),
  DUPLICATE_WINDOW_MIN: z.coerce.number().min(0).max(7 * 24 * 60).default(120),
  /** How often acknowledgement deadlines are checked. 0 disables the timer (tests drive it). */
  SWEEP_INTERVAL_MS: z.coerce.number().int().min(0).default(1000),
  /** How long to wait for a phone to confirm it received an assignment before re-sending. */
  OFFER_RESEND_MS: z.coerce.number().int().min(50).default(5000),
  TILE_URL: z.string().default('https://tile.openstreetmap.org/{z}/{x}/{y}.png'),
  TILE_ATTRIBUTION: z.string().default('© OpenStreetMap contributors'),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  /** json: one object per line (for collectors); pretty: readable lines; auto: pretty on a terminal. */
  LOG_FORMAT: z.enum(['auto', 'json', 'pretty']).default('auto'),
  MAX_BODY_BYTES: z.coerce.number().int().min(1024).default(64 * 1024),
  /** Largest report photo accepted (after the browser has resized it). */
  MAX_PHOTO_BYTES: z.coerce.number().int().min(1024).default(3 * 1024 * 1024),
  /** A session lasts one shift at most. */
  SESSION_TTL_HOURS: z.coerce.number().min(0.01).max(24 * 30).default(12),
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
  /** Failed sign-ins allowed per username and per IP in 15 minutes. */
  LOGIN_FAILURES_PER_15_MIN: z.coerce.number().int().min(1).default(10),
  /** Trust X-Forwarded-For for the client IP (only behind a reverse proxy you run). */
  TRUST_PROXY: bool.default(false),
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
