import type { Q } from '../db/transaction.js'

/** The server's VAPID key pair (URL-safe base64, as web-push makes and reads them). */
export interface VapidKeys {
  publicKey: string
  privateKey: string
}

/** A phone's stored push subscription. */
export interface StoredSubscription {
  endpoint: string
  userId: string
  teamId: string
  p256dh: string
  auth: string
}

export const pushRepository = {
  /**
   * The key pair, storing `made` first if there is none yet. Two processes starting at once
   * both try; the insert that loses does nothing, and both read the one that won.
   */
  async keys(q: Q, made: () => VapidKeys, now: Date): Promise<VapidKeys> {
    const [row] = await q`select public_key, private_key from push_vapid_keys where id = 1`
    if (row) return { publicKey: row.public_key, privateKey: row.private_key }
    const k = made()
    await q`insert into push_vapid_keys (id, public_key, private_key, created_at) values (1, ${k.publicKey}, ${k.privateKey}, ${now}) on conflict (id) do nothing`
    const [stored] = await q`select public_key, private_key from push_vapid_keys where id = 1`
    return { publicKey: stored!.public_key, privateKey: stored!.private_key }
  },

  /** Stores a phone's subscription; the same endpoint again (a new sign-in on the phone) replaces it. */
  async save(q: Q, s: StoredSubscription, now: Date): Promise<void> {
    await q`insert into push_subscriptions (endpoint, user_id, team_id, p256dh, auth, created_at, updated_at)
      values (${s.endpoint}, ${s.userId}, ${s.teamId}, ${s.p256dh}, ${s.auth}, ${now}, ${now})
      on conflict (endpoint) do update set user_id = excluded.user_id, team_id = excluded.team_id,
        p256dh = excluded.p256dh, auth = excluded.auth, updated_at = excluded.updated_at`
  },

  /** Removes the account's subscription at `endpoint`; false if it had none there. */
  async removeOwn(q: Q, endpoint: string, userId: string): Promise<boolean> {
    const rows = await q`delete from push_subscriptions where endpoint = ${endpoint} and user_id = ${userId} returning endpoint`
    return rows.length > 0
  },

  /** The push service said the subscription is gone (404/410). */
  async remove(q: Q, endpoint: string): Promise<void> {
    await q`delete from push_subscriptions where endpoint = ${endpoint}`
  },

  /**
   * The phones to alert for a team: subscriptions of enabled accounts that still belong to
   * the team (an account moved to another team or disabled gets nothing).
   */
  async forTeam(q: Q, teamId: string): Promise<StoredSubscription[]> {
    const rows = await q`select s.endpoint, s.user_id, s.team_id, s.p256dh, s.auth from push_subscriptions s
      join users u on u.id = s.user_id
      where s.team_id = ${teamId} and u.team_id = s.team_id and u.disabled_at is null
      order by s.created_at`
    return rows.map((r) => ({ endpoint: r.endpoint, userId: r.user_id, teamId: r.team_id, p256dh: r.p256dh, auth: r.auth }))
  },
}
