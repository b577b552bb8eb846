/**
 * The team app's service worker's push handling, imported by the worker Workbox generates
 * (web/build/team-pwa.ts builds this file to /team-push.js). A push carries only the case's id,
 * category and kecamatan (server/push); the notification opens the team page on the case,
 * where the app fetches the rest. The open app keeps its own repeating alarm.
 */
import { caseUrl, DEFAULT_PUSH_TEXTS, notificationFor, PUSH_TEXTS_CACHE, PUSH_TEXTS_KEY, readPushMessage, type PushTexts } from '../lib/push-notification.js'

// The DOM library types the page, not a worker: the few worker types used here, by hand.
interface ExtendableEvent extends Event {
  waitUntil(p: Promise<unknown>): void
}
interface PushEvent extends ExtendableEvent {
  data: { json(): unknown } | null
}
interface NotificationEvent extends ExtendableEvent {
  notification: Notification
}
interface WindowClient {
  url: string
  focus(): Promise<WindowClient>
  navigate(url: string): Promise<WindowClient | null>
}
interface WorkerScope {
  registration: ServiceWorkerRegistration
  location: Location
  clients: { matchAll(o: { type: 'window'; includeUncontrolled: boolean }): Promise<WindowClient[]>; openWindow(url: string): Promise<WindowClient | null> }
  addEventListener(type: 'push', fn: (e: PushEvent) => void): void
  addEventListener(type: 'notificationclick', fn: (e: NotificationEvent) => void): void
}
const sw = self as unknown as WorkerScope

async function texts(): Promise<PushTexts> {
  try {
    const res = await (await caches.open(PUSH_TEXTS_CACHE)).match(PUSH_TEXTS_KEY)
    return res ? { ...DEFAULT_PUSH_TEXTS, ...((await res.json()) as Partial<PushTexts>) } : DEFAULT_PUSH_TEXTS
  } catch {
    return DEFAULT_PUSH_TEXTS
  }
}

sw.addEventListener('push', (event) => {
  let raw: unknown
  try {
    raw = event.data?.json() ?? null
  } catch {
    raw = null
  }
  const msg = readPushMessage(raw)
  // Chrome requires a notification for every push (userVisibleOnly); an unreadable one still says something.
  event.waitUntil(
    texts().then((t) => {
      if (!msg) return sw.registration.showNotification(t.genericTitle, { tag: 'trc-unknown', data: null })
      const n = notificationFor(msg, t)
      return sw.registration.showNotification(n.title, n.options)
    }),
  )
})

sw.addEventListener('notificationclick', (event) => {
  event.notification.close()
  const data = event.notification.data as { incidentId?: string } | null
  const url = new URL(data?.incidentId ? caseUrl(data.incidentId) : '/team', sw.location.origin).href
  event.waitUntil(
    sw.clients.matchAll({ type: 'window', includeUncontrolled: true }).then(async (windows) => {
      const open = windows.find((w) => new URL(w.url).pathname.startsWith('/team'))
      if (!open) return sw.clients.openWindow(url)
      await open.focus()
      return open.url === url ? open : open.navigate(url).catch(() => open)
    }),
  )
})
