import type { SettingKey } from '@shared/settings.js'
import type { Q } from '../db/transaction.js'

export const settingsRepository = {
  /**
   * The stored changes, by key (with a lock: the caller is about to write), as stored: JSON
   * that an older version may have written, for the service to check against today's bounds.
   */
  async all(q: Q, opts: { lock?: boolean } = {}): Promise<Map<string, unknown>> {
    const rows = opts.lock
      ? await q<Array<{ key: string; value: unknown }>>`select key, value from settings order by key for update`
      : await q<Array<{ key: string; value: unknown }>>`select key, value from settings order by key`
    return new Map(rows.map((r) => [r.key, r.value]))
  },

  /** Serialises writers even while the table is empty (a row lock needs a row). */
  async lockWriters(q: Q): Promise<void> {
    await q`select pg_advisory_xact_lock(hashtext('trc.settings'))`
  },

  async put(q: Q, key: SettingKey, value: unknown, by: string | null, now: Date): Promise<void> {
    await q`insert into settings (key, value, updated_at, updated_by) values (${key}, ${q.json(value as never)}, ${now}, ${by})
      on conflict (key) do update set value = excluded.value, updated_at = excluded.updated_at, updated_by = excluded.updated_by`
  },
}
