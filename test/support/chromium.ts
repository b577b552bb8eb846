import { execFileSync, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import { chromium } from 'playwright-core'

/**
 * Where the browser tests find Chromium, in order: CHROMIUM_PATH, the system's Chromium
 * (Debian's `chromium` package and its usual aliases), then a browser Playwright installed
 * earlier. Playwright's own download cannot run on a machine without internet access, so it
 * is only used when it is already there.
 */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | null {
  if (env.CHROMIUM_PATH) return fs.existsSync(env.CHROMIUM_PATH) ? env.CHROMIUM_PATH : null
  const candidates = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable']
  try {
    candidates.push(chromium.executablePath())
  } catch {
    // playwright-core throws when it knows no path for this platform
  }
  return candidates.find((p) => fs.existsSync(p)) ?? null
}

/** True on Debian or Ubuntu as root with apt-get: the distribution's package can be installed. */
function canAptInstall(): boolean {
  return fs.existsSync('/etc/debian_version') && process.getuid?.() === 0 && spawnSync('apt-get', ['--version']).status === 0
}

/**
 * Makes sure the browser tests have a Chromium; installs Debian's `chromium` package when
 * none is found and that is possible. Returns the path, or explains what to do.
 */
export function ensureChromium(log: (line: string) => void = console.log): { path: string } | { error: string } {
  const found = findChromium()
  if (found) return { path: found }
  if (process.env.CHROMIUM_PATH) return { error: `CHROMIUM_PATH=${process.env.CHROMIUM_PATH} does not exist` }
  if (!canAptInstall()) {
    return { error: 'No Chromium found for the browser tests. Install it (Debian/Ubuntu: apt-get install chromium) or set CHROMIUM_PATH to a Chromium or Chrome binary.' }
  }
  log('Browser tests need Chromium and none was found: installing Debian\'s "chromium" package (apt-get install chromium)…')
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
  try {
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env })
    execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit', env })
  } catch (err) {
    return { error: `Installing chromium with apt-get failed (${String(err)}); install it by hand or set CHROMIUM_PATH.` }
  }
  const installed = findChromium()
  return installed ? { path: installed } : { error: 'apt-get installed chromium but no binary was found; set CHROMIUM_PATH.' }
}
