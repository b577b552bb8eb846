import { API } from '@shared/api.js'
import type { SettingsPatch, SettingsView } from '@shared/settings.js'
import { api } from '../../../lib/api.js'

/** GET /api/settings — values, defaults and which differ. */
export const getSettings = () => api<SettingsView>('GET', API.settings)
/** PATCH /api/settings — the settings named, each whole. */
export const saveSettings = (patch: SettingsPatch) => api<SettingsView>('PATCH', API.settings, { body: patch })
