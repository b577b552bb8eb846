import { describe, expect, it } from 'vitest'
import { suppressSmallCells } from './suppression.js'

describe('small-cell suppression', () => {
  it('publishes a table without small counts as it is', () => {
    const g = suppressSmallCells(
      [
        [5, 0],
        [7, 9],
      ],
      5,
    )
    expect(g.rows).toEqual([
      { cells: [5, 0], total: 5 },
      { cells: [7, 9], total: 16 },
    ])
    expect(g.total).toEqual({ cells: [12, 9], total: 21 })
  })

  it('shows counts under the threshold as "<N" and zero as zero', () => {
    const g = suppressSmallCells([[1, 2, 0]], 5)
    // 1 and 2 are small; their total 3 is small too, and so is each column total.
    expect(g.rows[0]).toEqual({ cells: ['<5', '<5', 0], total: '<5' })
    expect(g.total).toEqual({ cells: ['<5', '<5', 0], total: '<5' })
  })

  it('hides a second cell so a small one cannot be worked out from the row total', () => {
    const g = suppressSmallCells(
      [
        [2, 6, 9],
        [10, 11, 12],
      ],
      5,
    )
    // Row 0: 2 is hidden; 17 − 6 − 9 would give it away, so 6 (the smallest other) goes too.
    expect(g.rows[0]).toEqual({ cells: ['<5', 'x', 9], total: 17 })
    // Column 0 and column 1 then each have one hidden cell: row 1's cells there are hidden too.
    expect(g.rows[1]).toEqual({ cells: ['x', 'x', 12], total: 33 })
    expect(g.total).toEqual({ cells: [12, 17, 21], total: 50 })
  })

  it('hides the total when every other cell of the line is zero', () => {
    const g = suppressSmallCells(
      [
        [3, 0],
        [0, 0],
      ],
      5,
    )
    expect(g.rows[0]).toEqual({ cells: ['<5', 0], total: '<5' })
    expect(g.total.cells[0]).toBe('<5')
  })

  it('leaves no line with exactly one hidden cell beside a shown total', () => {
    const grid = [
      [1, 8, 20, 3],
      [6, 0, 2, 14],
      [9, 9, 9, 9],
      [0, 4, 30, 7],
    ]
    const g = suppressSmallCells(grid, 5)
    const table = [...g.rows, g.total].map((r) => [...r.cells, r.total])
    const hidden = (c: unknown) => typeof c === 'string'
    for (const row of table) if (!hidden(row.at(-1))) expect(row.slice(0, -1).filter(hidden).length).not.toBe(1)
    for (let j = 0; j < table[0]!.length; j++) {
      const col = table.map((r) => r[j])
      if (!hidden(col.at(-1))) expect(col.slice(0, -1).filter(hidden).length).not.toBe(1)
    }
  })
})
