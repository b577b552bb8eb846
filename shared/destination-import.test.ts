import { describe, expect, it } from 'vitest'
import { candidateOf, checkCandidates } from './destination-import.js'

describe('reading a destination row from a spreadsheet or GeoJSON', () => {
  it('reads numbers with a decimal comma, an empty capacity as not counted, and an empty cell as absent', () => {
    const c = candidateOf({ name: ' Panti A ', kind: 'Panti', lon: '106,81', lat: '-6.4', capacity: '', occupancy: '', address: '  ', accepts: 'Elderly; disability' })
    expect(c).toMatchObject({ name: 'Panti A', kind: 'panti', location: { lon: 106.81, lat: -6.4 }, capacity: null, occupancy: undefined, address: undefined, accepts: ['elderly', 'disability'] })
  })

  it('keeps a value that is not a number as it was, so the check names it', () => {
    const checked = checkCandidates([candidateOf({ name: 'X', kind: 'shelter', lon: 'east', lat: '-6.4', accepts: 'sick' })], (i) => `rows.${i + 2}`)
    expect(checked).toEqual({ ok: false, issues: [expect.objectContaining({ path: 'rows.2.lon' })] })
  })

  it('names the file’s column, not the schema’s field, and reports every row’s problems at once', () => {
    const rows = [
      { name: 'A', kind: 'shelter', lon: '106.8', lat: '-6.4', accepts: 'sick', opening_hours: 'always' },
      { name: '', kind: 'castle', lon: '106.8', lat: '-6.4', accepts: '' },
    ].map((r) => candidateOf(r))
    const checked = checkCandidates(rows, (i) => `rows.${i + 2}`)
    expect(checked.ok).toBe(false)
    if (!checked.ok) expect(checked.issues.map((i) => i.path).sort()).toEqual(['rows.2.opening_hours', 'rows.3.accepts', 'rows.3.kind', 'rows.3.name'])
  })

  it('takes a GeoJSON point as the location and defaults the opening hours to 24h', () => {
    const checked = checkCandidates([candidateOf({ name: 'RS', kind: 'hospital', accepts: ['sick', 'ODGJ'] }, { lon: 106.82, lat: -6.37 })], String)
    expect(checked).toEqual({ ok: true, inputs: [expect.objectContaining({ location: { lon: 106.82, lat: -6.37 }, accepts: ['sick', 'odgj'], openingHours: '24h', isExample: false })] })
  })
})
