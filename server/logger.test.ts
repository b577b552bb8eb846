import { describe, expect, it } from 'vitest'
import { asPretty, createLogger } from './logger.js'

const at = new Date(2026, 10, 25, 10, 42, 7)

describe('logger', () => {
  it('writes one JSON object per line by default', () => {
    const lines: string[] = []
    createLogger('info', (l) => lines.push(l)).info('request', { method: 'GET', status: 200 })
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 'info', msg: 'request', method: 'GET', status: 200 })
  })

  it('shows a request as one short readable line in pretty format', () => {
    const line = asPretty({ time: at, level: 'info', msg: 'request', fields: { requestId: 'r1', method: 'GET', path: '/api/teams', status: 200, ms: 3 } })
    expect(line).toBe('10:42:07 INFO  request GET /api/teams 200 3ms')
  })

  it('keeps other fields as key=value in pretty format', () => {
    expect(asPretty({ time: at, level: 'error', msg: 'sweep failed', fields: { err: 'boom', n: 2 } })).toBe('10:42:07 ERROR sweep failed err=boom n=2')
  })

  it('drops lines below the level', () => {
    const lines: string[] = []
    createLogger('warn', (l) => lines.push(l), 'pretty').info('quiet')
    expect(lines).toEqual([])
  })
})
