import { describe, expect, it } from 'vitest'
import { loadConfig } from './config.js'

describe('TRUST_PROXY', () => {
  it('trusts no proxy by default', () => {
    expect(loadConfig({}).TRUST_PROXY).toBe(false)
    expect(loadConfig({ TRUST_PROXY: 'false' }).TRUST_PROXY).toBe(false)
  })

  it('reads true as a reverse proxy on this machine or the private network', () => {
    expect(loadConfig({ TRUST_PROXY: 'true' }).TRUST_PROXY).toEqual(['loopback', 'linklocal', 'uniquelocal'])
  })

  it('takes a comma-separated list of addresses, CIDRs and names', () => {
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, 192.168.1.5 ,loopback' }).TRUST_PROXY).toEqual(['10.0.0.0/8', '192.168.1.5', 'loopback'])
  })

  it('refuses to start on something that is not an address', () => {
    expect(() => loadConfig({ TRUST_PROXY: 'my-proxy.example' })).toThrow(/TRUST_PROXY: not an address/)
  })
})
