import { loadConfig } from './config.js'
import { createApp } from './app.js'
import { openDatabase } from './db/database.js'
import { createLogger } from './logger.js'
import { DEMO_PASSWORD, seed } from './seed.js'
import { serveWeb } from './web.js'

/** Wires the real parts: config from the environment, PGlite unless DATABASE_URL, the clock. */
async function main() {
  const config = loadConfig()
  const pretty = config.LOG_FORMAT === 'pretty' || (config.LOG_FORMAT === 'auto' && process.stdout.isTTY === true)
  const logger = createLogger(config.LOG_LEVEL, undefined, pretty ? 'pretty' : 'json')
  const db = await openDatabase({ url: config.DATABASE_URL, dataDir: config.DATA_DIR })
  const app = createApp({ db, config, logger, extend: serveWeb })
  const firstAdmin = await app.services.auth.ensureFirstAdmin()
  const { seeded, accounts } = await seed(app.deps, app.services, { demo: config.DEMO })
  const { url } = await app.listen().catch((err: NodeJS.ErrnoException) => {
    if (err.code !== 'EADDRINUSE' && err.code !== 'EACCES') throw err
    const why = err.code === 'EADDRINUSE' ? 'is already in use (another TRC Dispatch, or another program)' : 'may not be opened by this user'
    throw new Error(`Port ${config.PORT} on ${config.HOST} ${why}. Stop the other program, or choose another port: PORT=${config.PORT + 1} npm start`)
  })
  const where = db.kind === 'pglite' ? `embedded PGlite in ${config.DATA_DIR}` : 'Postgres server (DATABASE_URL)'
  console.log(
    [
      '',
      `TRC Dispatch is running for ${app.deps.city.config.name} on ${where}${seeded ? ' (first start: data seeded)' : ''}`,
      `  Citizen report:      ${url}/`,
      `  Dispatcher console:  ${url}/dispatch`,
      `  Team phone:          ${url}/team`,
      `  Tracking page:       ${url}/track/<code>`,
      `  API (OpenAPI):       ${url}/api/openapi.json`,
      `  Health / readiness:  ${url}/health  ${url}/ready`,
      ...(firstAdmin ? [`  First admin account: ${firstAdmin.username} (password from ADMIN_PASSWORD)`] : []),
      ...(accounts.length
        ? [
            `  Demo accounts (password "${DEMO_PASSWORD}", demo mode only):`,
            `    ${accounts.map((a) => (a.team ? `${a.username} (team ${a.team})` : `${a.username} (${a.role})`)).join(', ')}`,
          ]
        : []),
      '',
    ].join('\n'),
  )

  let stopping = false
  const stop = async (signal: string) => {
    if (stopping) return
    stopping = true
    logger.info('shutting down', { signal })
    const force = setTimeout(() => process.exit(1), 10_000)
    force.unref()
    try {
      await app.close() // stop accepting requests, close sockets
      await db.close() // then the database (releases the data folder lock)
      process.exit(0)
    } catch (err) {
      logger.error('shutdown failed', { err: String(err) })
      process.exit(1)
    }
  }
  process.on('SIGINT', () => void stop('SIGINT'))
  process.on('SIGTERM', () => void stop('SIGTERM'))
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err)
  process.exit(1)
})
