import { describe, expect, it } from 'vitest'
import { AppError } from '../errors.js'
import { PasswordHasher } from './passwords.js'

describe('PasswordHasher', () => {
  it('checks passwords against their hashes', async () => {
    const hasher = new PasswordHasher()
    const stored = await hasher.hash('correct horse battery')
    expect(stored).toMatch(/^scrypt\$32768\$8\$1\$/)
    expect(await hasher.verify('correct horse battery', stored)).toBe(true)
    expect(await hasher.verify('wrong horse battery', stored)).toBe(false)
    expect(await hasher.verify('anything', 'not-a-hash')).toBe(false)
  })

  it('queues hashes beyond the concurrency bound, and refuses at once beyond the queue', async () => {
    const hasher = new PasswordHasher({ concurrent: 1, waiting: 1 })
    const running = hasher.hash('one password')
    const queued = hasher.hash('two password')
    const refused = hasher.hash('three password')
    await expect(refused).rejects.toBeInstanceOf(AppError)
    await expect(refused).rejects.toMatchObject({ code: 'unavailable', status: 503 })
    await expect(Promise.all([running, queued])).resolves.toHaveLength(2)
    // The queue drained: there is room again.
    await expect(hasher.hash('four password')).resolves.toMatch(/^scrypt\$/)
  })
})

describe('PasswordHasher fairness', () => {
  it('serves waiting addresses in turn, so a burst from one address does not hold up another', async () => {
    const hasher = new PasswordHasher({ concurrent: 1, waiting: 100 })
    const done: string[] = []
    const track = (label: string, from: string) => hasher.hash(label, from).then(() => done.push(label))
    const burst = Array.from({ length: 6 }, (_, i) => track(`burst-${i}`, '203.0.113.9'))
    const other = track('other', '198.51.100.4')
    await Promise.all([...burst, other])
    // burst-0 was running; then the addresses take turns: one of the burst's, then the other
    // address, then the rest of the burst (first come, first served would have made it last).
    expect(done).toEqual(['burst-0', 'burst-1', 'other', 'burst-2', 'burst-3', 'burst-4', 'burst-5'])
  })
})
