import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../server/app.js'
import { testConfig } from '../server/config.js'
import { BACKENDS } from './support/backends.js'
import { DEPOK, startTestServer, type TestServer } from './support/server.js'

/** Run-time settings (issue #10, item 1; decision 013): validated, logged, and read from one place. */
describe.each(BACKENDS)('run-time settings on $name', (backend) => {
  let s: TestServer
  beforeAll(async () => {
    s = await startTestServer(backend)
    await s.headersFor('admin')
    await s.headersFor('dispatcher')
  })
  afterAll(async () => {
    await s?.close()
  })
  const lastSeq = async () => Number((await s.db.sql`select coalesce(max(seq), 0) as n from events`)[0]!.n)
  const eventsSince = async (seq: number) =>
    (await s.db.sql`select type, actor, data, before, after from events where seq > ${seq} order by seq`).map((r) => ({ type: r.type, actor: r.actor, data: r.data, before: r.before, after: r.after }))
  const patch = (body: unknown, role: 'admin' | 'dispatcher' = 'admin') => s.call('PATCH', '/api/settings', { role, body })
  const issuePaths = (body: any): string[] => (body?.error?.issues ?? []).map((i: { path: string }) => i.path)

  it('starts from the environment and city.json', async () => {
    const r = await s.call('GET', '/api/settings', { role: 'dispatcher' })
    expect(r.status).toBe(200)
    expect(r.body.values).toEqual(r.body.defaults)
    expect(r.body.changed).toEqual([])
    expect(r.body.values).toMatchObject({ ackTimeoutS: 90, waitAlertMin: 10, publicMinCell: 5, stayMaxDays: { rps: 5 }, shifts: [{ id: 'pagi', start: '07:00' }, { id: 'siang' }, { id: 'malam' }] })
  })

  it('refuses a bad value with 400 naming the field, and changes and logs nothing', async () => {
    const mark = await lastSeq()
    const cases: Array<[unknown, string]> = [
      [{ ackTimeoutS: 2 }, 'ackTimeoutS'],
      [{ ackTimeoutS: '90' }, 'ackTimeoutS'],
      [{ publicMinCell: 1 }, 'publicMinCell'],
      [{ intervalTargetsS: { response: 0 } }, 'intervalTargetsS.response'],
      [{ stayMaxDays: { rps: 0 } }, 'stayMaxDays.rps'],
      [
        {
          shifts: [
            { id: 'a', name: 'A', start: '15:00' },
            { id: 'b', name: 'B', start: '07:00' },
          ],
        },
        'shifts.1.start',
      ],
      [{ shifts: [] }, 'shifts'],
      [{ ackTimeoutSeconds: 30 }, 'ackTimeoutSeconds'],
    ]
    for (const [body, field] of cases) {
      const r = await patch(body)
      expect(r.status, JSON.stringify(body)).toBe(400)
      expect(issuePaths(r.body), JSON.stringify(body)).toEqual([field])
    }
    expect((await patch({ waitAlertMin: 3 }, 'dispatcher')).status).toBe(403)
    expect(await eventsSince(mark)).toEqual([])
    expect((await s.call('GET', '/api/settings', { role: 'admin' })).body.changed).toEqual([])
  })

  it('logs a change as settings.changed and applies it at once: the ack deadline, the console’s wait alert, the shifts', async () => {
    const team = await s.createTeam('S-1', DEPOK)
    const mark = await lastSeq()
    const r = await patch({
      ackTimeoutS: 30,
      waitAlertMin: 3,
      shifts: [
        { id: 'siang', name: 'Siang', start: '08:00' },
        { id: 'malam', name: 'Malam', start: '20:00' },
      ],
    })
    expect(r.status, JSON.stringify(r.body)).toBe(200)
    expect(r.body.changed).toEqual(['ackTimeoutS', 'waitAlertMin', 'shifts'])
    const [e, ...rest] = await eventsSince(mark)
    expect(rest).toEqual([])
    expect(e).toMatchObject({
      type: 'settings.changed',
      actor: { kind: 'admin', userId: await s.userIdOf('admin') },
      data: { fields: ['ackTimeoutS', 'waitAlertMin', 'shifts'] },
      before: { ackTimeoutS: 90 },
      after: { ackTimeoutS: 30, waitAlertMin: 3 },
    })
    // The same values again: nothing changed, nothing logged.
    expect((await patch({ ackTimeoutS: 30 })).status).toBe(200)
    expect(await eventsSince(mark)).toHaveLength(1)

    expect((await s.call('GET', '/api/config')).body).toMatchObject({ ackTimeoutS: 30, waitAlertMin: 3 })
    const rep = await s.report({ category: 'sick', location: DEPOK })
    const incident = await s.incident(rep.body.id)
    expect(incident.teamId).toBe(team.id)
    expect(Date.parse(incident.ackDeadline!) - s.clock.now().getTime()).toBe(30_000)
    // 2026-11-25 21:00 WIB is in the new night shift (from 20:00).
    s.clock.set('2026-11-25T14:00:00Z')
    expect((await s.call('GET', '/api/roster/now', { role: 'dispatcher' })).body.current).toMatchObject({
      date: '2026-11-25',
      shiftId: 'malam',
      startsAt: '2026-11-25T13:00:00.000Z',
      endsAt: '2026-11-26T01:00:00.000Z',
    })
  })

  it('keeps the change across a restart', async () => {
    const other = createApp({ db: s.db, config: testConfig(), clock: s.clock })
    try {
      await other.services.settings.load()
      expect(other.services.settings.view().values).toMatchObject({ ackTimeoutS: 30, waitAlertMin: 3 })
    } finally {
      await other.close()
    }
  })
})
