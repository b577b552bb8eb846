import dns from 'node:dns'
import http from 'node:http'
import https from 'node:https'
import { BlockList, isIP, type LookupFunction } from 'node:net'

/**
 * A push subscription's endpoint is a URL the server will POST to, given by a team phone. A
 * hostile or compromised team account could point it at the server's own network (a database
 * admin page, a cloud metadata service at 169.254.169.254, a router) and have the server send
 * requests there: server-side request forgery (OWASP, "Server Side Request Forgery Prevention
 * Cheat Sheet"). Real push services (FCM, Mozilla autopush, Apple, Windows) are public https
 * hosts, so an endpoint must be https, carry no credentials, and name or resolve to public
 * addresses only: checked when the phone subscribes (the URL as written) and again when a push
 * is sent (every address the name resolves to, at connect time, so a name that later resolves
 * to a private address — DNS rebinding — is refused too). Redirects are not followed.
 * PUSH_ALLOW_HTTP (tests with a local push service) lifts both rules.
 * docs/decisions/014-web-push.md.
 */

/** Addresses that are not on the public internet (IANA special-purpose registries, RFC 6890). */
const NOT_PUBLIC = new BlockList()
for (const [net, prefix] of [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8], // private (RFC 1918)
  ['100.64.0.0', 10], // carrier-grade NAT (RFC 6598)
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local, cloud metadata services
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation
  ['203.0.113.0', 24], // documentation
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const) {
  NOT_PUBLIC.addSubnet(net, prefix, 'ipv4')
}
for (const [net, prefix] of [
  ['::', 128], // unspecified
  ['::1', 128], // loopback
  ['64:ff9b:1::', 48], // local-use NAT64
  ['100::', 64], // discard
  ['2001:db8::', 32], // documentation
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['ff00::', 8], // multicast
] as const) {
  NOT_PUBLIC.addSubnet(net, prefix, 'ipv6')
}

/** The IPv4 address inside an IPv4-mapped or NAT64 IPv6 address (::ffff:a.b.c.d, 64:ff9b::a.b.c.d), if it is one. */
function embeddedIpv4(ip: string): string | null {
  const m = /^(?:::ffff:|64:ff9b::)(?:(\d+\.\d+\.\d+\.\d+)|([0-9a-f]{1,4}):([0-9a-f]{1,4}))$/i.exec(ip)
  if (!m) return null
  if (m[1]) return m[1]
  const hi = parseInt(m[2]!, 16)
  const lo = parseInt(m[3]!, 16)
  return [hi >> 8, hi & 255, lo >> 8, lo & 255].join('.')
}

/** Whether an IP address (v4 or v6, without brackets) is on the public internet. */
export function isPublicAddress(ip: string): boolean {
  const v4 = embeddedIpv4(ip)
  if (v4) return isPublicAddress(v4)
  const family = isIP(ip)
  if (family === 0) return false
  return !NOT_PUBLIC.check(ip, family === 4 ? 'ipv4' : 'ipv6')
}

/** Why a subscription's endpoint is refused, or null when it may be stored. */
export function endpointProblem(endpoint: string, allowLocal: boolean): string | null {
  let url: URL
  try {
    url = new URL(endpoint)
  } catch {
    return 'must be a URL'
  }
  if (allowLocal) return url.protocol === 'https:' || url.protocol === 'http:' ? null : 'must be an https URL'
  if (url.protocol !== 'https:') return 'must be an https URL'
  if (url.username || url.password) return 'must not carry a user name or password'
  // The URL parser has already normalised the host (e.g. 2130706433 → 127.0.0.1).
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase()
  if (isIP(host)) return isPublicAddress(host) ? null : 'must be a public address (not loopback, private or link-local)'
  if (host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.local') || host.endsWith('.internal') || !host.includes('.')) {
    return 'must be a public host name'
  }
  return null
}

/** dns.lookup that fails when any address the name resolves to is not public. */
export const publicOnlyLookup: LookupFunction = (hostname, options, callback) => {
  dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return callback(err, '', 0)
    const bad = addresses.find((a) => !isPublicAddress(a.address))
    if (bad || addresses.length === 0) {
      const refusal = Object.assign(new Error(`push endpoint ${hostname} resolves to ${bad?.address ?? 'nothing'}, not a public address`), { code: 'EPUSHNOTPUBLIC' })
      return callback(refusal, '', 0)
    }
    // net asks for every address when it tries them in turn (autoSelectFamily), else for one.
    if (options.all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, addresses)
    callback(null, addresses[0]!.address, addresses[0]!.family)
  })
}

export interface PushRequest {
  endpoint: string
  method: string
  headers: Record<string, string>
  body: Buffer | null
}

/**
 * Sends one request to a push service with Node's http(s) client: no redirects, a timeout, and
 * (unless `allowLocal`) public addresses only, checked at connect time.
 */
export function sendToPushService(req: PushRequest, opts: { allowLocal: boolean; timeoutMs: number }): Promise<{ status: number }> {
  return new Promise((resolve, reject) => {
    const problem = endpointProblem(req.endpoint, opts.allowLocal)
    if (problem) return reject(new Error(`push endpoint refused: ${problem}`))
    const url = new URL(req.endpoint)
    const client = url.protocol === 'https:' ? https : http
    const r = client.request(url, { method: req.method, headers: req.headers, timeout: opts.timeoutMs, ...(opts.allowLocal ? {} : { lookup: publicOnlyLookup }) }, (res) => {
      res.resume()
      res.on('end', () => resolve({ status: res.statusCode ?? 0 }))
      res.on('error', reject)
    })
    r.on('timeout', () => r.destroy(new Error(`push service did not answer within ${opts.timeoutMs} ms`)))
    r.on('error', reject)
    r.end(req.body ?? undefined)
  })
}
