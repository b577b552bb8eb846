/**
 * Run by `npm test` before the tests (the "pretest" script): finds Chromium for the browser
 * tests, installing Debian's package if needed (see chromium.ts), so that
 * `npm install && npm test` works on a fresh machine.
 */
import { ensureChromium } from './chromium.js'

const result = ensureChromium()
if ('error' in result) {
  console.error(result.error)
  process.exit(1)
}
console.log(`Browser tests use Chromium at ${result.path}`)
