export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent'
const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 }

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void
  info(msg: string, fields?: Record<string, unknown>): void
  warn(msg: string, fields?: Record<string, unknown>): void
  error(msg: string, fields?: Record<string, unknown>): void
}

export type LogFormat = 'json' | 'pretty'

type Entry = { time: Date; level: Exclude<LogLevel, 'silent'>; msg: string; fields: Record<string, unknown> }

/** One JSON object per line: what log collectors read. */
function asJson(e: Entry): string {
  return JSON.stringify({ time: e.time.toISOString(), level: e.level, msg: e.msg, ...e.fields })
}

/**
 * One short line for a person at a terminal: `10:42:07 INFO  request GET /api/teams 200 3ms`.
 * A request line shows method, path, status and time; other fields follow as key=value.
 */
export function asPretty(e: Entry): string {
  const time = e.time.toTimeString().slice(0, 8)
  const { method, path, status, ms, ...rest } = e.fields
  const request = method !== undefined ? ` ${String(method)} ${String(path)} ${String(status)} ${String(ms)}ms` : ''
  const extra = Object.entries(rest)
    .filter(([k]) => !(request && k === 'requestId'))
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' ')
  return `${time} ${e.level.toUpperCase().padEnd(5)} ${e.msg}${request}${extra ? ` ${extra}` : ''}`
}

/**
 * Logs to stdout: JSON lines by default (for collectors), readable lines when `format` is
 * `pretty` (main.ts picks it when stdout is a terminal). Callers pass ids, codes and timings
 * only: never a request body, a name, a phone number or a NIK (the people we record are
 * vulnerable).
 */
export function createLogger(level: LogLevel, write: (line: string) => void = (l) => process.stdout.write(l + '\n'), format: LogFormat = 'json'): Logger {
  const min = ORDER[level]
  const render = format === 'pretty' ? asPretty : asJson
  const log = (lvl: Exclude<LogLevel, 'silent'>) => (msg: string, fields?: Record<string, unknown>) => {
    if (ORDER[lvl] < min) return
    write(render({ time: new Date(), level: lvl, msg, fields: fields ?? {} }))
  }
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') }
}
