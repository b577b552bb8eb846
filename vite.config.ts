import { fileURLToPath } from 'node:url'
import react from '@vitejs/plugin-react'
import { defineConfig, type Plugin } from 'vite'
import { precompress } from './web/build/precompress.js'
import { pureSharedSchemas } from './web/build/pure-shared-schemas.js'
import { teamPwa } from './web/build/team-pwa.js'

const fromRoot = (p: string) => fileURLToPath(new URL(p, import.meta.url))

/** In `vite` dev mode, the same clean URLs the server uses (server/web.ts). */
const rolePages: Plugin = {
  name: 'trc-role-pages',
  configureServer(server) {
    server.middlewares.use((req, _res, next) => {
      const path = (req.url ?? '').split('?')[0]!
      if (path === '/dispatch') req.url = '/dispatch.html'
      else if (path === '/team') req.url = '/team.html'
      else if (path === '/admin') req.url = '/admin.html'
      else if (path === '/history') req.url = '/history.html'
      else if (path === '/track' || path.startsWith('/track/')) req.url = '/track.html'
      else if (path === '/reports') req.url = '/reports.html'
      else if (path === '/summary') req.url = '/summary.html'
      next()
    })
  },
}

/**
 * The web app: one HTML entry per role, each its own code-split bundle, so a citizen's or a
 * team member's phone downloads only its own page. `npm run build` writes dist/web, which
 * server/web.ts serves. For front-end work, `npx vite` serves the pages with hot reload and
 * proxies the API and the socket to a server on :3000 (`npm run dev`).
 */
export default defineConfig({
  root: fromRoot('./web'),
  base: '/',
  publicDir: false,
  // `@shared/…` is the project's shared/ folder (tsconfig.json "paths"; tsx reads the same).
  resolve: { alias: { '@shared': fromRoot('./shared') } },
  // teamPwa: the team page's manifest and service worker (web/build/team-pwa.ts).
  plugins: [pureSharedSchemas(fromRoot('./shared/')), react(), rolePages, teamPwa(), precompress()],
  build: {
    outDir: fromRoot('./dist/web'),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    reportCompressedSize: false,
    rolldownOptions: {
      input: {
        report: fromRoot('./web/index.html'),
        dispatch: fromRoot('./web/dispatch.html'),
        team: fromRoot('./web/team.html'),
        track: fromRoot('./web/track.html'),
        admin: fromRoot('./web/admin.html'),
        history: fromRoot('./web/history.html'),
        reports: fromRoot('./web/reports.html'),
        summary: fromRoot('./web/summary.html'),
        facility: fromRoot('./web/facility.html'),
      },
    },
  },
  server: {
    proxy: {
      '/api': 'http://127.0.0.1:3000',
      '/socket.io': { target: 'http://127.0.0.1:3000', ws: true },
    },
  },
})
