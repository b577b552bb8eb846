import type { TeamPushMessage } from '@shared/push.js'

/**
 * What a push notification says, built in the service worker from the push's small payload
 * (web/src/features/team/sw/push-worker.ts). The page keeps the texts, in the language the team
 * chose, in Cache Storage (which page and worker share), so the notification speaks the app's
 * language; before the page ever stored them, the worker falls back to Indonesian.
 */
export interface PushTexts {
  /** For a push the worker cannot read (a newer server, say). */
  genericTitle: string
  offerTitle: string
  offerBody: string
  withdrawnTitle: string
  withdrawn: Record<string, string>
  categories: Record<string, string>
}

export const PUSH_TEXTS_CACHE = 'trc-team-push-texts'
/** A same-origin URL used only as the cache key (never requested). */
export const PUSH_TEXTS_KEY = '/team/__push-texts.json'

export const DEFAULT_PUSH_TEXTS: PushTexts = {
  genericTitle: 'TRC: ada kabar tentang tugas',
  offerTitle: 'TUGAS BARU: {{category}}',
  offerBody: 'Kec. {{kecamatan}} · Buka aplikasi untuk menerima tugas.',
  withdrawnTitle: 'Tugas tidak lagi untuk tim Anda',
  withdrawn: {
    ack_timeout: 'Waktu konfirmasi habis; kasus dialihkan ke tim lain.',
    reassigned: 'Dispatcher memberikan kasus ini ke tim lain.',
    unassigned: 'Dispatcher mengembalikan kasus ini ke antrean.',
    cancelled: 'Dispatcher membatalkan kasus ini.',
    merged: 'Kasus ini digabung dengan laporan lain.',
    other: 'Kasus ini tidak lagi ditugaskan ke tim Anda.',
  },
  categories: {},
}

/** Where tapping the notification opens the app: the team page (its hash names the case). */
export const caseUrl = (incidentId: string) => `/team#case=${incidentId}`

/**
 * Reads a push's payload (shared/push.ts's TeamPushMessage) without zod: the worker stays a few
 * kilobytes instead of carrying the schema library for three fields. Null when it is not one.
 */
export function readPushMessage(raw: unknown): TeamPushMessage | null {
  if (!raw || typeof raw !== 'object') return null
  const m = raw as Record<string, unknown>
  const str = (v: unknown) => typeof v === 'string' && v.length > 0 && v.length <= 200
  if (!str(m.incidentId) || !str(m.category) || !(m.kecamatan === null || str(m.kecamatan))) return null
  const common = { incidentId: m.incidentId as string, category: m.category as TeamPushMessage['category'], kecamatan: (m.kecamatan as string | null) ?? null }
  if (m.kind === 'offer' && str(m.assignmentId)) return { kind: 'offer', ...common, assignmentId: m.assignmentId as string }
  if (m.kind === 'withdrawn' && str(m.reason)) return { kind: 'withdrawn', ...common, reason: m.reason as string }
  return null
}

const fill = (s: string, vars: Record<string, string>) => s.replace(/\{\{(\w+)\}\}/g, (_, k: string) => vars[k] ?? '')

/** The notification for a push: one per case (its tag), so a withdrawal replaces the offer. */
export function notificationFor(msg: TeamPushMessage, texts: PushTexts): { title: string; options: NotificationOptions & { renotify?: boolean; vibrate?: number[] } } {
  const vars = { category: texts.categories[msg.category] ?? msg.category, kecamatan: msg.kecamatan ?? '–' }
  const base = { tag: `case-${msg.incidentId}`, data: { url: caseUrl(msg.incidentId), incidentId: msg.incidentId, kind: msg.kind }, lang: undefined }
  if (msg.kind === 'offer') {
    return {
      title: fill(texts.offerTitle, vars),
      // Stays until the team acts, and rings and vibrates again if an older one for the case is still shown.
      options: { ...base, body: fill(texts.offerBody, vars), requireInteraction: true, renotify: true, vibrate: [400, 200, 400, 200, 400] },
    }
  }
  return { title: texts.withdrawnTitle, options: { ...base, body: `${vars.category} · ${texts.withdrawn[msg.reason] ?? texts.withdrawn.other ?? ''}`, renotify: true } }
}
