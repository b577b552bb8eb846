import { describe, expect, it } from 'vitest'
import { MAX_TRANSACTION_ATTEMPTS, retryTransient } from './retry.js'
import type { Transactor } from './transaction.js'

/** A transactor that fails with the given SQLSTATEs, in turn, before it succeeds. */
function failingWith(codes: string[]): { transaction: Transactor; calls: () => number } {
  let calls = 0
  const transaction = (async (fn: (tx: never, uow: never) => Promise<unknown>) => {
    const code = codes[calls++]
    if (code) throw Object.assign(new Error(`failed with ${code}`), { code })
    return fn(undefined as never, undefined as never)
  }) as Transactor
  return { transaction, calls: () => calls }
}

describe('retrying a transaction', () => {
  it('runs a transaction again after a deadlock or a serialization failure and returns its result', async () => {
    const t = failingWith(['40P01', '40001'])
    await expect(retryTransient(t.transaction)(async () => 'done')).resolves.toBe('done')
    expect(t.calls()).toBe(3)
  })

  it('gives up after a bounded number of attempts, with the database’s error', async () => {
    const t = failingWith(Array.from({ length: 10 }, () => '40P01'))
    await expect(retryTransient(t.transaction)(async () => 'never')).rejects.toMatchObject({ code: '40P01' })
    expect(t.calls()).toBe(MAX_TRANSACTION_ATTEMPTS)
  })

  it('never retries any other error', async () => {
    const t = failingWith(['23505'])
    await expect(retryTransient(t.transaction)(async () => 'never')).rejects.toMatchObject({ code: '23505' })
    expect(t.calls()).toBe(1)
  })
})
