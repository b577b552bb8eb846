import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { serveStatic } from '@hono/node-server/serve-static'
import type { Hono } from 'hono'
import type { IdentityEnv } from './http/identity.js'

const DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../dist/web')

/** Serves the built web app (npm run build) with one HTML entry per role. */
export function serveWeb(app: Hono<IdentityEnv>): void {
  if (!fs.existsSync(DIST)) {
    app.get('/', (c) => c.text('The web app is not built yet: run `npm run build` (npm start does it for you).', 503))
    return
  }
  const root = path.relative(process.cwd(), DIST)
  app.use('/assets/*', serveStatic({ root }))
  const page = (file: string) => serveStatic({ root, rewriteRequestPath: () => `/${file}` })
  app.get('/', page('index.html'))
  app.get('/dispatch', page('dispatch.html'))
  app.get('/team', page('team.html'))
  app.get('/track/*', page('track.html'))
}
