import { defineConfig } from 'vitest/config'

// CI (.ci/run) asks for a machine-readable summary beside the usual output.
const jsonReport = process.env.VITEST_JSON_REPORT

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'server/**/*.test.ts', 'shared/**/*.test.ts', 'web/src/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Each file starts its own databases; two cores, so keep parallelism modest.
    maxWorkers: 2,
    pool: 'forks',
    ...(jsonReport ? { reporters: ['default', 'json'], outputFile: { json: jsonReport } } : {}),
  },
})
