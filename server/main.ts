import { loadConfig } from './config.js'
import { createApp } from './app.js'
import { openDatabase } from './db/database.js'
import { createLogger } from './logger.js'
import { simulatedPhonesFor } from './demo/simulated-phones.js'
import { demoAccountLines, prepareStart, startBanner } from './startup.js'
import { serveWeb } from './web.js'

/** Wires the real parts: config from the environment, PGlite unless DATABASE_URL, the clock. */
async function main() {
  const config = loadConfig()
  const pretty = config.LOG_FORMAT === 'pretty' || (config.LOG_FORMAT === 'auto' && process.stdout.isTTY === true)
  const logger = createLogger(config.LOG_LEVEL, undefined, pretty ? 'pretty' : 'json')
  const db = await openDatabase({ url: config.DATABASE_URL, dataDir: config.DATA_DIR })
  const app = createApp({ db, config, logger, extend: serveWeb })
  const report = await prepareStart(app)
  const { url } = await app.listen().catch((err: NodeJS.ErrnoException) => {
    // Demo passwords made by this start are shown only now: show them even when we cannot listen.
    if (report.demoAccounts.some((a) => a.password)) console.log(demoAccountLines(report).join('\n'))
    if (err.code !== 'EADDRINUSE' && err.code !== 'EACCES') throw err
    const why = err.code === 'EADDRINUSE' ? 'is already in use (another TRC Dispatch, or another program)' : 'may not be opened by this user'
    throw new Error(`Port ${config.PORT} on ${config.HOST} ${why}. Stop the other program, or choose another port: PORT=${config.PORT + 1} npm start`)
  })
  // For the person at the terminal; demo passwords appear here once and never in the JSON log.
  console.log(startBanner(report, { url, city: app.deps.city.config.name, dataDir: config.DATA_DIR }))
  if (report.mode.warning) logger.warn('demo mode beside a real deployment', { reason: report.mode.reason })
  // Demo mode only: the other demo teams' phones are simulated, so the whole loop shows.
  const phones = await simulatedPhonesFor(report.mode, app)
  if (phones) {
    phones.start()
    console.log(`  Simulated phones (simulasi): ${phones.callSigns.join(', ')} accept, drive and step through their cases; the first demo team is yours (sign in at ${url}/team).\n`)
  }

  let stopping = false
  const stop = async (signal: string) => {
    if (stopping) return
    stopping = true
    logger.info('shutting down', { signal })
    const force = setTimeout(() => process.exit(1), 10_000)
    force.unref()
    try {
      phones?.stop()
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
