import { API } from '../api.js'
import { endpoint } from '../endpoint.js'
import { SettingsPatchSchema, SettingsViewSchema } from '../settings.js'

export const settingsEndpoints = {
  read: endpoint({
    method: 'get',
    path: API.settings,
    action: 'settings.read',
    tag: 'City',
    summary: 'The run-time settings: values, defaults (environment and city.json) and which differ',
    response: SettingsViewSchema,
  }),
  update: endpoint({
    method: 'patch',
    path: API.settings,
    action: 'settings.write',
    tag: 'City',
    summary: 'Change run-time settings (each named setting whole; logged as settings.changed; takes effect at once)',
    body: SettingsPatchSchema,
    response: SettingsViewSchema,
  }),
}
