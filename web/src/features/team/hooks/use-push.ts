import { useCallback, useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { PushSubscriptionInput } from '@shared/push.js'
import { deletePushSubscription, getPushKey, savePushSubscription } from '../api/push-subscription.js'
import { PUSH_TEXTS_CACHE, PUSH_TEXTS_KEY, type PushTexts } from '../lib/push-notification.js'

/**
 * Web Push on the team phone: a new case reaches the phone while the app is closed or the
 * screen locked (server/push, docs/decisions/014-web-push.md).
 * - `unsupported`: this browser has no push (iOS before the app is added to the home screen);
 * - `off`: the server has push turned off; `denied`: the team blocked notifications;
 * - `available`: can be turned on — only from the button, never on load (browsers penalise,
 *   and people refuse, a permission prompt nobody asked for);
 * - `on`: this phone is subscribed for the signed-in member.
 */
export type PushState = 'unsupported' | 'off' | 'denied' | 'available' | 'on' | 'working'

const supported = () => typeof window !== 'undefined' && 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window

const toInput = (sub: PushSubscription): PushSubscriptionInput => sub.toJSON() as PushSubscriptionInput

/** The VAPID key as the Push API takes it (bytes of URL-safe base64). */
function keyBytes(base64url: string): Uint8Array<ArrayBuffer> {
  const b64 = base64url.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (base64url.length % 4)) % 4)
  const bin = atob(b64)
  const out = new Uint8Array(new ArrayBuffer(bin.length))
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i)
  return out
}

/** The worker registered by app/team.tsx (its scope is /team), once active. */
const activeWorker = () => navigator.serviceWorker.ready
/** The subscription this phone holds, if any (does not wait for a worker that may never come). */
const currentSubscription = async () => (await navigator.serviceWorker.getRegistration('/team'))?.pushManager.getSubscription() ?? null

export function usePush() {
  const { t, i18n } = useTranslation('team')
  const [state, setState] = useState<PushState>(supported() ? 'working' : 'unsupported')
  const [error, setError] = useState<unknown>(null)

  // The notification texts in the app's language, for the worker (lib/push-notification.ts).
  useEffect(() => {
    if (!supported() || !('caches' in window)) return
    const texts: PushTexts = {
      genericTitle: t('push.n.generic'),
      offerTitle: t('push.n.offerTitle'),
      offerBody: t('push.n.offerBody'),
      withdrawnTitle: t('push.n.withdrawnTitle'),
      withdrawn: t('push.n.withdrawn', { returnObjects: true }) as Record<string, string>,
      categories: t('common:category', { returnObjects: true }) as Record<string, string>,
    }
    void caches
      .open(PUSH_TEXTS_CACHE)
      .then((c) => c.put(PUSH_TEXTS_KEY, new Response(JSON.stringify(texts), { headers: { 'content-type': 'application/json' } })))
      .catch(() => {})
  }, [t, i18n.language])

  // On open: where this phone is already subscribed (permission given earlier), the
  // subscription is saved again for the member signed in now.
  useEffect(() => {
    if (!supported()) return
    let live = true
    void (async () => {
      try {
        const { publicKey } = await getPushKey()
        if (!live) return
        if (!publicKey) return setState('off')
        if (Notification.permission === 'denied') return setState('denied')
        const sub = await currentSubscription()
        if (sub && Notification.permission === 'granted') {
          await savePushSubscription(toInput(sub))
          if (live) setState('on')
        } else if (live) setState('available')
      } catch {
        // Offline on open: nothing to change; the button is offered again next time.
        if (live) setState('available')
      }
    })()
    return () => {
      live = false
    }
  }, [])

  /** From the button: asks for permission, subscribes and tells the server. */
  const enable = useCallback(async () => {
    setError(null)
    setState('working')
    try {
      const permission = await Notification.requestPermission()
      if (permission !== 'granted') return setState(permission === 'denied' ? 'denied' : 'available')
      const { publicKey } = await getPushKey()
      if (!publicKey) return setState('off')
      const reg = await activeWorker()
      const existing = await reg.pushManager.getSubscription()
      // A subscription made with another server key (the key changed) cannot be used: renew it.
      const sub =
        existing && existing.options.applicationServerKey && new Uint8Array(existing.options.applicationServerKey).join() === keyBytes(publicKey).join()
          ? existing
          : await (existing?.unsubscribe() ?? Promise.resolve()).then(() => reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(publicKey) }))
      await savePushSubscription(toInput(sub))
      setState('on')
    } catch (err) {
      setError(err)
      setState('available')
    }
  }, [])

  /** At sign-out: the next member on this phone must not get this account's cases. */
  const disable = useCallback(async () => {
    if (!supported()) return
    try {
      const sub = await currentSubscription()
      if (!sub) return
      await deletePushSubscription(sub.endpoint).catch(() => {})
      await sub.unsubscribe()
    } catch {
      /* signing out goes on regardless */
    }
  }, [])

  return { state, error, enable, disable }
}
