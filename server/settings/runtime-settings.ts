import type { RuntimeSettings } from '@shared/settings.js'
import type { Config } from '../config.js'
import type { CityConfig } from '../geo/city.js'

/** The defaults: the environment's settings and the city's data, as they were at start. */
export function defaultSettings(config: Config, city: CityConfig): RuntimeSettings {
  return {
    ackTimeoutS: config.ACK_TIMEOUT_S,
    waitAlertMin: config.WAIT_ALERT_MIN,
    stalePositionMin: config.STALE_POSITION_MIN,
    publicMinCell: config.PUBLIC_MIN_CELL,
    intervalTargetsS: city.intervalTargetsS,
    stayMaxDays: city.stays.maxDays,
    stayAlertDaysBefore: city.stays.alertDaysBefore,
    shifts: city.shifts,
  }
}

/**
 * The one place services read the run-time settings from: the defaults with what an admin
 * changed laid over them (loaded at start and after every `settings.changed`, on every process).
 */
export class RuntimeSettingsHolder {
  private overrides: Partial<RuntimeSettings> = {}
  constructor(readonly defaults: RuntimeSettings) {}

  current(): RuntimeSettings {
    return { ...this.defaults, ...this.overrides }
  }

  replaceOverrides(overrides: Partial<RuntimeSettings>): void {
    this.overrides = overrides
  }
}
