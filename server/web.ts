import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { serveStatic } from '@hono/node-server/serve-static'
import type { Hono } from 'hono'
import type { IdentityEnv } from './http/identity.js'

const DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../dist/web')

/**
 * Serves the built web app (npm run build) with one HTML entry per role. `dir` defaults to
 * dist/web; the browser tests build into a folder of their own. Hashed assets are cached for
 * good; the HTML pages are revalidated so a new build reaches phones at once.
 */
export function serveWeb(app: Hono<IdentityEnv>, dir: string = DIST): void {
  if (!fs.existsSync(dir)) {
    app.get('/', (c) => c.text('The web app is not built yet: run `npm run build` (npm start does it for you).', 503))
    return
  }
  const root = path.resolve(dir)
  app.use('/assets/*', async (c, next) => {
    await next()
    if (c.res.status === 200) c.header('Cache-Control', 'public, max-age=31536000, immutable')
  })
  app.use('/assets/*', serveStatic({ root }))
  const page = (file: string) => serveStatic({ root, rewriteRequestPath: () => `/${file}`, onFound: (_p, c) => c.header('Cache-Control', 'no-cache') })
  app.get('/', page('index.html'))
  app.get('/dispatch', page('dispatch.html'))
  app.get('/team', page('team.html'))
  app.get('/facility', page('facility.html'))
  app.get('/track', page('track.html'))
  app.get('/track/*', page('track.html'))
}
