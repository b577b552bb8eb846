import { describe, expect, it } from 'vitest'
import type { Incident } from '@shared/incidents.js'
import { queueOrder } from './queue-order.js'

const inc = (id: string, priority: Incident['priority'], minute: number, status: Incident['status'] = 'reported') =>
  ({ id, priority, status, times: { reportedAt: new Date(Date.UTC(2026, 10, 25, 1, minute)).toISOString() } }) as unknown as Incident

describe('the console’s queue order', () => {
  it('puts the most urgent first, then the oldest', () => {
    const order = queueOrder([inc('n-old', 'normal', 0), inc('h-new', 'high', 9), inc('c', 'critical', 10), inc('h-old', 'high', 1)])
    expect(order.map((i) => i.id)).toEqual(['c', 'h-old', 'h-new', 'n-old'])
  })

  it('leaves out incidents that are no longer open', () => {
    expect(queueOrder([inc('done', 'critical', 0, 'closed'), inc('open', 'normal', 1)]).map((i) => i.id)).toEqual(['open'])
  })
})
