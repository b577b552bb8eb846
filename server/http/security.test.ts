import { describe, expect, it } from 'vitest'
import { testConfig } from '../config.js'
import { sanitizeClientRequestId, MAX_CLIENT_REQUEST_ID } from './request-id.js'
import { isAllowedOrigin } from './security.js'

describe('isAllowedOrigin', () => {
  const plain = testConfig({ CORS_ORIGINS: 'https://console.example.org, https://112.example.org/' })
  it('allows the Host the request was sent to, over http or https, when PUBLIC_URL is unset', () => {
    expect(isAllowedOrigin(plain, 'http://10.0.0.5:3000', '10.0.0.5:3000')).toBe(true)
    expect(isAllowedOrigin(plain, 'https://trc.local', 'TRC.local')).toBe(true)
  })
  it('refuses another port of the same host, another host, and the opaque "null" origin', () => {
    expect(isAllowedOrigin(plain, 'http://10.0.0.5:3001', '10.0.0.5:3000')).toBe(false)
    expect(isAllowedOrigin(plain, 'http://evil.example', '10.0.0.5:3000')).toBe(false)
    expect(isAllowedOrigin(plain, 'null', '10.0.0.5:3000')).toBe(false)
    expect(isAllowedOrigin(plain, 'http://10.0.0.5:3000', undefined)).toBe(false)
  })
  it('allows the origins listed in CORS_ORIGINS, trailing slash or not', () => {
    expect(isAllowedOrigin(plain, 'https://console.example.org', 'x')).toBe(true)
    expect(isAllowedOrigin(plain, 'https://112.example.org', 'x')).toBe(true)
  })
  it('takes the server’s own origin from PUBLIC_URL when it is set, not from the Host header', () => {
    const pub = testConfig({ PUBLIC_URL: 'https://trc.depok.go.id/app' })
    expect(isAllowedOrigin(pub, 'https://trc.depok.go.id', 'internal:3000')).toBe(true)
    expect(isAllowedOrigin(pub, 'http://internal:3000', 'internal:3000')).toBe(false)
  })
})

describe('sanitizeClientRequestId', () => {
  it('keeps safe characters, drops the rest and cuts to the maximum length', () => {
    expect(sanitizeClientRequestId('abc-123_x.y:z')).toBe('abc-123_x.y:z')
    expect(sanitizeClientRequestId('a b\r\n"c"<d>')).toBe('abcd')
    expect(sanitizeClientRequestId('x'.repeat(500))).toHaveLength(MAX_CLIENT_REQUEST_ID)
    expect(sanitizeClientRequestId('  ')).toBeNull()
    expect(sanitizeClientRequestId(undefined)).toBeNull()
  })
})
