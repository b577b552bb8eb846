import type { User } from '@shared/auth.js'
import type { Config } from './config.js'
import type { Deps } from './context.js'
import { demoRepository } from './demo/demo.repository.js'
import { seedCity, startDemo, stopDemo, type DemoAccount, type DemoStopped } from './seed.js'
import type { Services } from './services.js'

export interface Mode {
  demo: boolean
  database: 'embedded' | 'postgres'
  /** Why demo mode is on or off, in words for the start banner. */
  reason: string
  /** Set when demo accounts will sit beside a real deployment (DEMO=true with ADMIN_* or DATABASE_URL). */
  warning: string | null
}

/**
 * Demo mode is for trying the system on one machine, and must never reach a real deployment
 * by accident. Unless DEMO says otherwise it is on only for the embedded quick start with
 * nothing else configured: a database server or a first admin in the environment means a
 * real deployment. DEMO=true forces it on, but never silently beside a real deployment.
 */
export function decideMode(config: Pick<Config, 'DEMO' | 'DATABASE_URL' | 'ADMIN_USERNAME' | 'ADMIN_PASSWORD'>): Mode {
  const database = config.DATABASE_URL ? 'postgres' : 'embedded'
  const real = [config.DATABASE_URL && 'DATABASE_URL', (config.ADMIN_USERNAME || config.ADMIN_PASSWORD) && 'ADMIN_USERNAME/ADMIN_PASSWORD'].filter(Boolean).join(' and ')
  if (config.DEMO === true) {
    return {
      demo: true,
      database,
      reason: 'DEMO=true',
      warning: real
        ? `DEMO=true although ${real} ${real.includes(' and ') ? 'are' : 'is'} set: demo accounts with printed passwords exist beside the real ones. Never run live operations like this; start with DEMO=false (or unset) to disable every demo account.`
        : null,
    }
  }
  if (config.DEMO === false) return { demo: false, database, reason: 'DEMO=false', warning: null }
  if (real) return { demo: false, database, reason: `${real} set`, warning: null }
  return { demo: true, database, reason: 'embedded quick start: no DATABASE_URL, no ADMIN_USERNAME/ADMIN_PASSWORD', warning: null }
}

export interface StartReport {
  mode: Mode
  /** First start: the city's hospitals were loaded. */
  seeded: boolean
  firstAdmin: User | null
  /** Demo mode on: the demo accounts (with passwords only when new). */
  demoAccounts: DemoAccount[]
  /** Demo mode off: what was disabled now (all zero when there was nothing left). */
  demoStopped: DemoStopped | null
  warnings: string[]
}

/**
 * Everything `npm start` does to the database before it listens: the first admin, the city's
 * hospitals at first start, then demo mode on or off. Tests call it on their own apps.
 */
export async function prepareStart(app: { deps: Deps; services: Services }): Promise<StartReport> {
  const { deps: d, services: s } = app
  const mode = decideMode(d.config)
  const admin = d.config.ADMIN_USERNAME?.toLowerCase()
  if (admin && (await demoRepository.users(d.db.sql)).some((u) => u.username === admin)) {
    throw new Error(`ADMIN_USERNAME=${admin} is the name of a demo account in this database; choose another name for the real admin`)
  }
  const firstAdmin = await s.auth.ensureFirstAdmin()
  const seeded = await seedCity(d, s)
  const warnings = mode.warning ? [mode.warning] : []
  if (mode.demo) {
    const demo = await startDemo(d, s)
    return { mode, seeded, firstAdmin, demoAccounts: demo.accounts, demoStopped: null, warnings: [...warnings, ...demo.warnings] }
  }
  const stopped = await stopDemo(d, s)
  return { mode, seeded, firstAdmin, demoAccounts: [], demoStopped: stopped, warnings: [...warnings, ...stopped.warnings] }
}

/** What `npm start` prints: the mode first, then the demo accounts or what was disabled, then where to go. */
export function startBanner(r: StartReport, opts: { url: string; city: string; dataDir: string }): string {
  const { url } = opts
  const where = r.mode.database === 'embedded' ? `embedded PGlite in ${opts.dataDir}` : 'Postgres server (DATABASE_URL)'
  const loud = (text: string) => ['', `  !!! WARNING: ${text}`, '']
  const lines = [
    '',
    `TRC Dispatch is running for ${opts.city}${r.seeded ? ' (first start: data seeded)' : ''}`,
    r.mode.demo
      ? `  Mode:                DEMO (${r.mode.reason}). Demo accounts, demo teams and example shelters; not for live operations.`
      : `  Mode:                PRODUCTION (${r.mode.reason}). No demo accounts.`,
    `  Database:            ${where}`,
    ...r.warnings.flatMap((w, i) => (i === 0 && r.mode.warning ? loud(w) : [`  Note: ${w}`])),
    ...(r.firstAdmin ? [`  First admin account: ${r.firstAdmin.username} (password from ADMIN_PASSWORD)`] : []),
  ]
  lines.push(...demoAccountLines(r))
  const st = r.demoStopped
  if (st && (st.accounts || st.teams || st.exampleDestinations)) {
    lines.push(
      `  Demo mode is off: disabled ${st.accounts} demo account(s), took ${st.teams} demo team(s) off duty` +
        `${st.casesReturnedToQueue ? ` (${st.casesReturnedToQueue} case(s) back in the queue)` : ''}, withdrew ${st.exampleDestinations} example shelter(s).`,
    )
  }
  // The addresses last: tools (and test/support/process.ts) wait for the OpenAPI line.
  lines.push(
    `  Citizen report:      ${url}/`,
    `  Dispatcher console:  ${url}/dispatch`,
    `  Team phone:          ${url}/team`,
    `  Admin screens:       ${url}/admin`,
    `  Case history:        ${url}/history`,
    `  Tracking page:       ${url}/track/<code>`,
    `  API (OpenAPI):       ${url}/api/openapi.json`,
    `  Health / readiness:  ${url}/health  ${url}/ready`,
  )
  lines.push('')
  return lines.join('\n')
}

/** The demo accounts, with their passwords when this start made them. */
export function demoAccountLines(r: StartReport): string[] {
  const lines: string[] = []
  const fresh = r.demoAccounts.filter((a) => a.password)
  const known = r.demoAccounts.filter((a) => !a.password)
  const label = (a: DemoAccount) => (a.team ? `team ${a.team}` : a.role)
  if (fresh.length) {
    lines.push('  Demo accounts, with passwords generated for this database and shown only this once:')
    for (const a of fresh) lines.push(`    ${a.username.padEnd(12)} ${label(a).padEnd(12)} ${a.password}`)
  }
  if (known.length) {
    lines.push(`  Demo accounts: ${known.map((a) => a.username).join(', ')} (passwords were shown when they were created; \`npm run create-user\` makes a new account)`)
  }
  return lines
}
