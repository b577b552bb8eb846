import { getConnInfo } from '@hono/node-server/conninfo'
import type { Context } from 'hono'
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible'
import type { Config } from '../config.js'
import { AppError } from '../errors.js'

/** The caller's IP: the socket's peer, or X-Forwarded-For's first hop behind a trusted proxy. */
export function clientIp(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const fwd = c.req.header('X-Forwarded-For')?.split(',')[0]?.trim()
    if (fwd) return fwd
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown'
  } catch {
    return 'unknown'
  }
}

/**
 * Limits on the public form and on sign-in (rate-limiter-flexible, in process memory: each
 * server process counts on its own, so N processes allow up to N times the limit).
 */
export class RateLimits {
  private readonly reportsPerIp: RateLimiterMemory
  private readonly reportsPerPhone: RateLimiterMemory
  private readonly loginFailuresPerUser: RateLimiterMemory
  private readonly loginFailuresPerIp: RateLimiterMemory

  constructor(config: Config) {
    this.reportsPerIp = new RateLimiterMemory({ keyPrefix: 'rip', points: config.REPORTS_PER_IP_PER_HOUR, duration: 3600 })
    this.reportsPerPhone = new RateLimiterMemory({ keyPrefix: 'rph', points: config.REPORTS_PER_PHONE_PER_HOUR, duration: 3600 })
    this.loginFailuresPerUser = new RateLimiterMemory({ keyPrefix: 'lu', points: config.LOGIN_FAILURES_PER_15_MIN, duration: 900 })
    this.loginFailuresPerIp = new RateLimiterMemory({ keyPrefix: 'li', points: config.LOGIN_FAILURES_PER_15_MIN * 5, duration: 900 })
  }

  /** Counts one public report; throws 429 with the wait when a limit is reached. */
  async report(ip: string, phone: string | undefined): Promise<void> {
    await consume(this.reportsPerIp, ip, 'Too many reports from this connection')
    if (phone) await consume(this.reportsPerPhone, phone.replace(/[^0-9]/g, ''), 'Too many reports from this phone number')
  }

  /** Refuses a sign-in attempt while the username or IP is blocked by earlier failures. */
  async beforeLogin(ip: string, username: string): Promise<void> {
    for (const [limiter, key] of [[this.loginFailuresPerUser, username.toLowerCase()], [this.loginFailuresPerIp, ip]] as const) {
      const res = await limiter.get(key)
      if (res && res.consumedPoints >= limiter.points) throw tooMany('Too many failed sign-ins', res)
    }
  }

  async loginFailed(ip: string, username: string): Promise<void> {
    await this.loginFailuresPerUser.penalty(username.toLowerCase(), 1)
    await this.loginFailuresPerIp.penalty(ip, 1)
  }
}

function tooMany(message: string, res: RateLimiterRes): AppError {
  const seconds = Math.max(1, Math.ceil(res.msBeforeNext / 1000))
  return new AppError('rate_limited', `${message}; try again in ${seconds} s`, undefined, { 'Retry-After': String(seconds) })
}

async function consume(limiter: RateLimiterMemory, key: string, message: string): Promise<void> {
  try {
    await limiter.consume(key)
  } catch (res) {
    if (res instanceof RateLimiterRes) throw tooMany(message, res)
    throw res
  }
}
