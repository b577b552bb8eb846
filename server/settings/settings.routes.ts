import { settingsEndpoints as api } from '@shared/endpoints/settings.js'
import type { Bind } from '../http/endpoint.js'
import type { Services } from '../services.js'

export function settingsRoutes(on: Bind, s: Services) {
  on(api.read, () => s.settings.view())
  on(api.update, ({ body, who }) => s.settings.update(body, who.actor))
}
