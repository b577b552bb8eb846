import net from 'node:net'
import { describe, expect, it } from 'vitest'
import { endpointProblem, isPublicAddress, publicOnlyLookup, sendToPushService } from './push-endpoint.js'

describe('push endpoints the server may POST to', () => {
  it('takes public addresses only: not loopback, private, link-local, carrier NAT or mapped forms of them', () => {
    for (const ip of [
      '127.0.0.1',
      '10.1.2.3',
      '172.16.0.9',
      '172.31.255.255',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '224.0.0.1',
      '255.255.255.255',
      '::1',
      '::',
      'fe80::1',
      'fd00::1',
      'fc00::5',
      '::ffff:127.0.0.1',
      '::ffff:7f00:1',
      '::ffff:a9fe:a9fe',
      '64:ff9b::a00:1',
    ]) {
      expect(isPublicAddress(ip), ip).toBe(false)
    }
    for (const ip of ['142.250.4.95', '8.8.8.8', '172.32.0.1', '2607:f8b0:4005:80b::200a', '::ffff:8.8.8.8']) expect(isPublicAddress(ip), ip).toBe(true)
  })

  it('refuses endpoints that are not public https URLs, and takes the push services’ own', () => {
    for (const bad of [
      'http://fcm.googleapis.com/fcm/send/x',
      'https://127.0.0.1/push',
      'https://2130706433/push', // 127.0.0.1 written as a number
      'https://[::1]:8443/push',
      'https://[::ffff:127.0.0.1]/push',
      'https://169.254.169.254/latest/meta-data',
      'https://10.0.0.5/push',
      'https://192.168.0.1/',
      'https://localhost/push',
      'https://db.localhost/',
      'https://printer.local/',
      'https://metadata.google.internal/computeMetadata/v1/',
      'https://intranet/push',
      'https://user:secret@fcm.googleapis.com/fcm/send/x',
      'ftp://fcm.googleapis.com/x',
    ]) {
      expect(endpointProblem(bad, false), bad).not.toBeNull()
    }
    for (const good of [
      'https://fcm.googleapis.com/fcm/send/abc:def',
      'https://updates.push.services.mozilla.com/wpush/v2/gAAAA',
      'https://web.push.apple.com/QGuQy',
      'https://wns2-par02p.notify.windows.com/w/?token=x',
      'https://142.250.4.95/push',
    ]) {
      expect(endpointProblem(good, false), good).toBeNull()
    }
    // A local push service in tests (PUSH_ALLOW_HTTP).
    expect(endpointProblem('http://127.0.0.1:4000/push/a', true)).toBeNull()
  })

  it('refuses at connect time a name that resolves to a local address, and never connects to one', async () => {
    const err = await new Promise<NodeJS.ErrnoException | null>((resolve) => publicOnlyLookup('localhost', { all: true }, (e) => resolve(e)))
    expect(err?.code).toBe('EPUSHNOTPUBLIC')
    // A subscription stored before these rules, at a local address: nothing reaches it.
    let connections = 0
    const local = net.createServer((socket) => {
      connections++
      socket.destroy()
    })
    await new Promise<void>((r) => local.listen(0, '127.0.0.1', r))
    const { port } = local.address() as net.AddressInfo
    try {
      await expect(sendToPushService({ endpoint: `https://127.0.0.1:${port}/push`, method: 'POST', headers: {}, body: null }, { allowLocal: false, timeoutMs: 2000 })).rejects.toThrow(/public address/)
      expect(connections).toBe(0)
      // With PUSH_ALLOW_HTTP (tests) the same place is reached.
      await expect(sendToPushService({ endpoint: `http://127.0.0.1:${port}/push`, method: 'POST', headers: {}, body: null }, { allowLocal: true, timeoutMs: 2000 })).rejects.toThrow()
      expect(connections).toBe(1)
    } finally {
      await new Promise((r) => local.close(r))
    }
  })
})
