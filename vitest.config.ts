import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

// CI (.ci/run) asks for a machine-readable summary beside the usual output.
const jsonReport = process.env.VITEST_JSON_REPORT

export default defineConfig({
  // `@shared/…` is the project's shared/ folder, as in tsconfig.json and vite.config.ts.
  resolve: { alias: { '@shared': fileURLToPath(new URL('./shared', import.meta.url)) } },
  test: {
    include: ['test/**/*.test.ts', 'server/**/*.test.ts', 'shared/**/*.test.ts', 'web/src/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Each file starts its own databases; two cores, so keep parallelism modest.
    maxWorkers: 2,
    // Once per run, not per file: the migrated database templates and the web build (test/support/run-cache.ts).
    globalSetup: ['test/support/global-setup.ts'],
    pool: 'forks',
    // A worker process runs file after file without re-importing the server for each (that
    // import cost seconds a file on a loaded 2-core machine). Safe because no test replaces
    // modules or globals (no vi.mock, fake timers or stubbed env), every file closes the servers
    // and databases it opens, and the server keeps no state at module level.
    isolate: false,
    ...(jsonReport ? { reporters: ['default', 'json'], outputFile: { json: jsonReport } } : {}),
  },
})
