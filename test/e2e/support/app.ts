import type { Page } from 'playwright-core'
import type { AccountRole } from '@shared/auth.js'
import type { Config } from '../../../server/config.js'
import { serveWeb } from '../../../server/web.js'
import { BACKENDS } from '../../support/backends.js'
import { startTestServer, type TestServer } from '../../support/server.js'
import { buildWebOnce } from './web-build.js'

export const PASSWORD = 'e2e password 2026'

/**
 * The real server (PGlite, manual clock) serving a fresh build of the web app. Browser tests
 * run on the embedded database only: the API's behaviour on Postgres is covered by test/*.
 */
export async function startWebServer(overrides: Partial<Config> = {}): Promise<TestServer> {
  const dir = await buildWebOnce()
  return startTestServer(BACKENDS[0]!, overrides, undefined, { extend: (app) => serveWeb(app, dir) })
}

/** A real account, created through the service the admin API uses. */
export async function createAccount(s: TestServer, username: string, role: AccountRole, teamId?: string): Promise<void> {
  await s.app.services.auth.createUser({ username, displayName: `E2E ${username}`, role, teamId, password: PASSWORD })
}

/** Signs in through the page's own form and waits until the form is gone. */
export async function signIn(page: Page, username: string): Promise<void> {
  await page.getByTestId('sign-in-username').fill(username)
  await page.getByTestId('sign-in-password').fill(PASSWORD)
  await page.getByTestId('sign-in-submit').click()
  await page.getByTestId('sign-in').waitFor({ state: 'detached' })
}

/** Waits until `locator`'s attribute has the value (polling, no fixed sleeps). */
export async function waitForAttr(page: Page, testId: string, attr: string, value: string, timeout = 20_000): Promise<void> {
  await page.waitForFunction(([id, a, v]) => Array.from(document.querySelectorAll(`[data-testid="${id}"]`)).some((el) => el.getAttribute(a!) === v), [testId, attr, value] as const, { timeout })
}
