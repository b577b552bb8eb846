import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { build, type Plugin, type Rollup } from 'vite'
import { VitePWA } from 'vite-plugin-pwa'
import { TEAM_API_CACHE } from '../src/features/team/lib/offline-cache.js'

/** Where the team app lives, and its service worker's scope: the other pages are not controlled. */
export const TEAM_SCOPE = '/team'
export const TEAM_SW = 'team-sw.js'
export const TEAM_MANIFEST = 'team.webmanifest'
export const TEAM_ICON = 'team-icon.svg'
/** The worker's push and notification-click handlers, imported by the generated worker. */
export const TEAM_PUSH = 'team-push.js'
const PUSH_WORKER_SOURCE = fileURLToPath(new URL('../src/features/team/sw/push-worker.ts', import.meta.url))

/**
 * Builds the push handlers as one classic script (IIFE): a worker's `importScripts` cannot load
 * ES modules, and it must not share chunks with the pages. A separate small Vite build, so
 * the rest of the worker stays Workbox's generateSW (no hand-written caching code).
 */
async function buildPushWorker(): Promise<string> {
  const out = await build({
    configFile: false,
    logLevel: 'warn',
    build: {
      write: false,
      target: 'es2022',
      minify: true,
      lib: { entry: PUSH_WORKER_SOURCE, formats: ['iife'], name: 'trcTeamPush', fileName: () => TEAM_PUSH },
    },
  })
  const outputs = (Array.isArray(out) ? out : [out]) as Rollup.RollupOutput[]
  const chunk = outputs.flatMap((o) => o.output).find((f): f is Rollup.OutputChunk => f.type === 'chunk')
  if (!chunk) throw new Error('the push worker build produced no script')
  return chunk.code
}

const ICON = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512"><rect width="512" height="512" rx="96" fill="#0b5cab"/><path d="M128 272h256M256 144v256" stroke="#fff" stroke-width="64" stroke-linecap="round"/></svg>`

const MANIFEST = {
  name: 'TRC Dispatch – HP Tim',
  short_name: 'TRC Tim',
  description: 'Tugas, langkah dan posisi tim TRC',
  lang: 'id',
  start_url: TEAM_SCOPE,
  scope: TEAM_SCOPE,
  display: 'standalone',
  orientation: 'portrait',
  background_color: '#f4f6f8',
  theme_color: '#10243e',
  icons: [
    { src: `/${TEAM_ICON}`, sizes: 'any', type: 'image/svg+xml', purpose: 'any' },
    { src: `/${TEAM_ICON}`, sizes: 'any', type: 'image/svg+xml', purpose: 'maskable' },
  ],
}

/**
 * The team page as an installable app that opens without a connection (issue #11): a web app
 * manifest and a service worker made by vite-plugin-pwa/Workbox at build time, from local
 * packages only (nothing is downloaded at build or run time).
 *
 * - Precached: team.html and exactly the files it loads (read from the built page), not the
 *   console's or the citizen's bundles.
 * - At run time: the team's API reads (session, settings, the case's destinations list)
 *   network-first with a short timeout, so the last answer is used offline; other hashed
 *   assets (a lazily loaded map chunk) cache-first. The team and its case are kept by the page
 *   itself (features/team/lib/offline-cache.ts), with the outbox's steps applied on top.
 * - Writes are never cached or queued here: the page's own outbox (IndexedDB) holds them.
 * - Web Push: the worker imports TEAM_PUSH, built from features/team/sw/push-worker.ts, which
 *   shows a new case's notification (also with the app closed) and opens the app on it.
 *
 * The manifest and the page's registration are ours (the plugin's `manifest: false`,
 * `injectRegister: false`), so the citizen's and dispatcher's pages get neither.
 */
export function teamPwa(): Plugin[] {
  let outDir = ''
  const files: Plugin = {
    name: 'trc-team-app-files',
    apply: 'build',
    configResolved(config) {
      outDir = config.build.outDir
    },
    async generateBundle() {
      this.emitFile({ type: 'asset', fileName: TEAM_PUSH, source: await buildPushWorker() })
      this.emitFile({ type: 'asset', fileName: TEAM_MANIFEST, source: JSON.stringify(MANIFEST, null, 2) })
      this.emitFile({ type: 'asset', fileName: TEAM_ICON, source: ICON })
    },
  }
  const pwa = VitePWA({
    strategies: 'generateSW',
    filename: TEAM_SW,
    scope: TEAM_SCOPE,
    manifest: false,
    injectRegister: false,
    workbox: {
      globPatterns: ['**/*.{js,css,html,svg,webmanifest}'],
      // Only the team page and what it loads (its <script> and <link> tags, modulepreloads included).
      manifestTransforms: [
        async (entries) => {
          const html = fs.readFileSync(path.join(outDir, 'team.html'), 'utf8')
          const used = new Set(['team.html', TEAM_MANIFEST, TEAM_ICON, ...[...html.matchAll(/(?:src|href)="\/([^"]+)"/g)].map((m) => m[1]!)])
          // The English common strings are imported on demand (web/src/lib/i18n.ts); a phone set to
          // English needs them offline too.
          return { manifest: entries.filter((e) => used.has(e.url) || /^assets\/common-en-[\w-]+\.js$/.test(e.url)), warnings: [] }
        },
      ],
      // Web Push: shows the case's notification and opens the app on it (features/team/sw/push-worker.ts).
      importScripts: [`/${TEAM_PUSH}`],
      navigateFallback: '/team.html',
      navigateFallbackAllowlist: [/^\/team\/?$/],
      inlineWorkboxRuntime: true,
      cleanupOutdatedCaches: true,
      clientsClaim: true,
      skipWaiting: true,
      runtimeCaching: [
        {
          urlPattern: /\/api\/(config|service-area|auth\/me|incidents\/[0-9a-f-]{36}\/destinations)$/,
          handler: 'NetworkFirst',
          options: { cacheName: TEAM_API_CACHE, networkTimeoutSeconds: 4, expiration: { maxEntries: 50 } },
        },
        {
          urlPattern: /\/assets\/.+/,
          handler: 'CacheFirst',
          options: { cacheName: 'trc-team-assets', expiration: { maxEntries: 60 } },
        },
      ],
    },
  })
  return [files, ...pwa]
}
