import type { Config } from './config.js'
import type { Clock } from './clock.js'
import type { Database } from './db/database.js'
import type { Transactor } from './db/transaction.js'
import type { React } from './effects.js'
import type { ServiceArea } from './geo/service-area.js'
import type { CityData } from './geo/city.js'
import type { Ids } from './ids.js'
import type { Logger } from './logger.js'
import type { ScryptParams } from './auth/passwords.js'
import type { TeamPresence } from './realtime/presence.js'
import type { RuntimeSettingsHolder } from './settings/runtime-settings.js'

/** What every service is built from (see createApp). */
export interface Deps {
  config: Config
  clock: Clock
  ids: Ids
  db: Database
  transaction: Transactor
  area: ServiceArea
  city: CityData
  logger: Logger
  /** The cost of new password hashes (tests lower it; absent means PASSWORD_PARAMS). */
  passwordParams?: ScryptParams
  /** Reports an effect to the reactions createApp declares (after commit for transactions). */
  react: React
  /** Which team phones are connected now, on any server process (realtime/presence.ts). */
  presence: TeamPresence
  /** The run-time settings (defaults from the environment and city.json, changes from the database). */
  settings: RuntimeSettingsHolder
}
