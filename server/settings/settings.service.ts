import type { Actor } from '@shared/events.js'
import { RuntimeSettingsSchema, SETTING_KEYS, type RuntimeSettings, type SettingKey, type SettingsPatch, type SettingsView } from '@shared/settings.js'
import type { Deps } from '../context.js'
import { settingsRepository } from './settings.repository.js'

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b)

/** The stored settings that fit today's bounds; `ignored` hears of each stored one that does not. */
function fitting(stored: Map<string, unknown>, ignored: (key: SettingKey) => void): Partial<RuntimeSettings> {
  const fits = (key: SettingKey) => RuntimeSettingsSchema.shape[key].safeParse(stored.get(key)).success || (ignored(key), false)
  return RuntimeSettingsSchema.partial().parse(Object.fromEntries(SETTING_KEYS.filter((key) => stored.has(key) && fits(key)).map((key) => [key, stored.get(key)])))
}

/** Run-time settings (decision 013): read, change with an event, reload after a change anywhere. */
export class SettingsService {
  constructor(private readonly d: Deps) {}

  /** Reads the stored changes into the holder; a stored value that no longer fits is ignored (logged). */
  async load(): Promise<void> {
    const stored = await settingsRepository.all(this.d.db.sql)
    this.d.settings.replaceOverrides(fitting(stored, (key) => this.d.logger.warn('stored setting ignored', { key })))
  }

  view(): SettingsView {
    const values = this.d.settings.current()
    const defaults = this.d.settings.defaults
    return { values, defaults, changed: SETTING_KEYS.filter((k) => !same(values[k], defaults[k])) }
  }

  /** Stores the settings named, logs one `settings.changed` (none when nothing changed), and applies them. */
  async update(patch: SettingsPatch, actor: Actor): Promise<SettingsView> {
    await this.d.transaction(async (tx, uow) => {
      await settingsRepository.lockWriters(tx)
      const stored = await settingsRepository.all(tx, { lock: true })
      const before = { ...this.d.settings.defaults, ...fitting(stored, () => {}) }
      const fields = SETTING_KEYS.filter((k) => patch[k] !== undefined && !same(patch[k], before[k]))
      if (fields.length === 0) return
      const now = this.d.clock.now()
      for (const k of fields) await settingsRepository.put(tx, k, patch[k], actor.userId ?? actor.id, now)
      const after = { ...before, ...Object.fromEntries(fields.map((k) => [k, patch[k]])) } as RuntimeSettings
      uow.log({ type: 'settings.changed', actor, before, after, data: { fields } })
    })
    await this.load()
    return this.view()
  }
}
