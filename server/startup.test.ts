import { describe, expect, it } from 'vitest'
import { decideMode } from './startup.js'

const none = { DEMO: undefined, DATABASE_URL: undefined, ADMIN_USERNAME: undefined, ADMIN_PASSWORD: undefined }

describe('decideMode', () => {
  it('turns demo mode on for the embedded quick start with nothing configured', () => {
    expect(decideMode(none)).toMatchObject({ demo: true, database: 'embedded', warning: null })
  })

  it('keeps demo mode off when a database server or a first admin is configured', () => {
    expect(decideMode({ ...none, DATABASE_URL: 'postgres://db/trc' })).toMatchObject({ demo: false, database: 'postgres', reason: 'DATABASE_URL set' })
    expect(decideMode({ ...none, ADMIN_USERNAME: 'kepala', ADMIN_PASSWORD: 'a long password' })).toMatchObject({ demo: false, database: 'embedded' })
    expect(decideMode({ ...none, DEMO: false })).toMatchObject({ demo: false, reason: 'DEMO=false' })
  })

  it('turns demo mode on when asked, and warns when that is beside a real deployment', () => {
    expect(decideMode({ ...none, DEMO: true })).toMatchObject({ demo: true, warning: null })
    const loud = decideMode({ DEMO: true, DATABASE_URL: 'postgres://db/trc', ADMIN_USERNAME: 'kepala', ADMIN_PASSWORD: 'a long password' })
    expect(loud.demo).toBe(true)
    expect(loud.warning).toMatch(/DATABASE_URL and ADMIN_USERNAME\/ADMIN_PASSWORD are set.*Never run live operations/)
  })
})
