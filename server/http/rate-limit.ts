import { getConnInfo } from '@hono/node-server/conninfo'
import type { Context } from 'hono'
import proxyaddr from 'proxy-addr'
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible'
import type { Config } from '../config.js'
import { AppError } from '../errors.js'

/**
 * The caller's address. Without a trusted proxy it is the connection's peer. With TRUST_PROXY
 * it is the address the last trusted proxy saw: X-Forwarded-For is read from the right, skipping
 * the proxies we trust, and the first address we do not trust is the client (proxy-addr, as in
 * Express's `req.ip`). The client writes the left of that header, so it is never taken on faith.
 */
export function clientIp(c: Context, trustProxy: false | readonly string[]): string {
  let peer: string | undefined
  try {
    peer = getConnInfo(c).remote.address
  } catch {
    peer = undefined
  }
  if (!peer) return 'unknown'
  if (!trustProxy || trustProxy.length === 0) return peer
  // proxy-addr reads a Node request; only the two fields it uses are needed.
  const req = { headers: { 'x-forwarded-for': c.req.header('X-Forwarded-For') ?? '' }, socket: { remoteAddress: peer } }
  return proxyaddr(req as never, proxyaddr.compile([...trustProxy]))
}

/** Thrown when a limit is reached: 429 with the wait in Retry-After. */
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

/** A sign-in attempt that has been counted; `refund()` gives its points back (only failures count). */
export interface LoginAttempt {
  refund(): Promise<void>
}

/**
 * Limits on the public form and on sign-in (rate-limiter-flexible, in process memory: each
 * server process counts on its own, so N processes allow up to N times the limit).
 *
 * Sign-in follows OWASP's Authentication Cheat Sheet: a tight limit per (username, address)
 * pair, a slower, higher one per username, and a high one per address (an office behind one
 * NAT address must still work). Each attempt consumes its points *before* the password is
 * hashed, so a burst of concurrent attempts cannot all pass a check made before any of them
 * failed; a successful sign-in gives its points back, so only failures count.
 */
export class RateLimits {
  private readonly reportsPerIp: RateLimiterMemory
  private readonly reportsPerPhone: RateLimiterMemory
  private readonly loginPerUserAndIp: RateLimiterMemory
  private readonly loginPerUser: RateLimiterMemory
  private readonly loginPerIp: RateLimiterMemory

  constructor(config: Config) {
    this.reportsPerIp = new RateLimiterMemory({ keyPrefix: 'rip', points: config.REPORTS_PER_IP_PER_HOUR, duration: 3600 })
    this.reportsPerPhone = new RateLimiterMemory({ keyPrefix: 'rph', points: config.REPORTS_PER_PHONE_PER_HOUR, duration: 3600 })
    this.loginPerUserAndIp = new RateLimiterMemory({ keyPrefix: 'lui', points: config.LOGIN_FAILURES_PER_15_MIN, duration: 900 })
    this.loginPerUser = new RateLimiterMemory({ keyPrefix: 'lu', points: config.LOGIN_FAILURES_PER_USER_PER_HOUR, duration: 3600 })
    this.loginPerIp = new RateLimiterMemory({ keyPrefix: 'li', points: config.LOGIN_FAILURES_PER_IP_PER_15_MIN, duration: 900 })
  }

  /**
   * Counts one public report; throws 429 with the wait when a limit is reached. `phone` is
   * already in E.164 (shared/phone.ts), so every spelling of one number shares a bucket.
   */
  async report(ip: string, phone: string | undefined): Promise<void> {
    await consume(this.reportsPerIp, ip, 'Too many reports from this connection')
    if (phone) await consume(this.reportsPerPhone, phone, 'Too many reports from this phone number')
  }

  /**
   * Takes a point from each sign-in limit, pair first. An attempt refused by one limit gives
   * back what it took from the others, so a blocked attacker's further tries do not use up
   * the account's or the address's allowance (which would lock out its real user).
   * RateLimiterMemory's consume is synchronous inside, so concurrent attempts cannot overshoot.
   */
  async beginLogin(ip: string, username: string): Promise<LoginAttempt> {
    const user = username.toLowerCase()
    const steps: Array<[RateLimiterMemory, string]> = [
      [this.loginPerUserAndIp, `${user}\u0000${ip}`],
      [this.loginPerUser, user],
      [this.loginPerIp, ip],
    ]
    const taken: Array<[RateLimiterMemory, string]> = []
    for (const [limiter, key] of steps) {
      try {
        await limiter.consume(key)
        taken.push([limiter, key])
      } catch (res) {
        await Promise.all(taken.map(([l, k]) => l.reward(k, 1)))
        if (res instanceof RateLimiterRes) throw tooMany('Too many failed sign-ins', res)
        throw res
      }
    }
    return {
      async refund() {
        await Promise.all(taken.map(([l, k]) => l.reward(k, 1)))
      },
    }
  }
}
