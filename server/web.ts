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
 * good; the HTML pages are revalidated so a new build reaches phones at once. Files have a
 * brotli and a gzip copy beside them (made at build, web/build/precompress.ts); a client that
 * accepts one gets it, with Content-Encoding and Vary set.
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
  app.use('/assets/*', serveStatic({ root, precompressed: true }))
  const page = (file: string) => serveStatic({ root, precompressed: true, rewriteRequestPath: () => `/${file}`, onFound: (_p, c) => c.header('Cache-Control', 'no-cache') })
  app.get('/', page('index.html'))
  app.get('/dispatch', page('dispatch.html'))
  app.get('/team', page('team.html'))
  app.get('/admin', page('admin.html'))
  app.get('/history', page('history.html'))
  // The team app's service worker precaches the page under its file name; its worker, manifest
  // and icon live at the root (a worker's scope is at most its own folder). Revalidated, so a
  // new build's worker reaches phones at once.
  for (const file of ['team.html', 'team-sw.js', 'team-push.js', 'team.webmanifest', 'team-icon.svg']) {
    if (fs.existsSync(path.join(root, file))) app.get(`/${file}`, page(file))
  }
  app.get('/facility', page('facility.html'))
  app.get('/track', page('track.html'))
  app.get('/track/*', page('track.html'))
  app.get('/reports', page('reports.html'))
  app.get('/summary', page('summary.html'))
}
