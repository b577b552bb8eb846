import { Hono } from 'hono'
import { API } from '../../shared/api.js'
import { SettingsPatchSchema, SettingsViewSchema } from '../../shared/settings.js'
import { PERMISSIONS } from '../auth/policy.js'
import { allow, type IdentityEnv } from '../http/identity.js'
import type { ApiDocs } from '../http/openapi.js'
import { body } from '../http/validate.js'
import type { Services } from '../services.js'

export function settingsRoutes(s: Services, docs: ApiDocs) {
  docs.describe({ method: 'get', path: API.settings, tag: 'City', summary: 'The run-time settings: values, defaults (environment and city.json) and which differ', roles: [...PERMISSIONS['settings.read']], response: SettingsViewSchema })
  docs.describe({ method: 'patch', path: API.settings, tag: 'City', summary: 'Change run-time settings (each named setting whole; logged as settings.changed; takes effect at once)', roles: [...PERMISSIONS['settings.write']], body: SettingsPatchSchema, response: SettingsViewSchema })
  return new Hono<IdentityEnv>()
    .get('/', allow('settings.read'), (c) => c.json(s.settings.view()))
    .patch('/', allow('settings.write'), async (c) => c.json(await s.settings.update(await body(c, SettingsPatchSchema), c.get('identity').actor)))
}
