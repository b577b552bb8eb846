/** A published cell: the count, `<N` for a small count, or `x` for one hidden to protect a small one. */
export type Cell = number | string
export const HIDDEN_MARK = 'x'

export interface SuppressedGrid {
  rows: { cells: Cell[]; total: Cell }[]
  /** The column totals (the city's row) and the grand total. */
  total: { cells: Cell[]; total: Cell }
}

/**
 * Hides the counts of a table (rows × columns, with row and column totals) that could single
 * out a person: every count from 1 to `min - 1` is published as `<min` (primary suppression).
 * Then, wherever a line (a row or a column, with its total) has exactly one hidden cell, the
 * hidden count could be worked out by subtracting the others from the total, so the smallest
 * other non-zero cell of that line is hidden too (`x`), or the line's total when there is none
 * (secondary suppression), until no line has a single hidden cell. This stops subtraction
 * along one row or column, the usual way small cells leak from a published table
 * (Eurostat / ESSnet "Handbook on Statistical Disclosure Control", ch. 4, "Magnitude and
 * frequency tables"); it is not a full audit against every linear combination.
 */
export function suppressSmallCells(grid: readonly (readonly number[])[], min: number): SuppressedGrid {
  const rows = grid.length
  const cols = grid[0]?.length ?? 0
  // The table with its margins: row `rows` holds the column totals, column `cols` the row totals.
  const v: number[][] = grid.map((r) => [...r, r.reduce((a, b) => a + b, 0)])
  const colTotals = Array.from({ length: cols + 1 }, (_, j) => v.reduce((a, r) => a + r[j]!, 0))
  v.push(colTotals)
  const hidden = v.map((r) => r.map((x) => x > 0 && x < min))

  // Lines: each row (its cells and, at index `cols`, its total) and each column (at index `rows`, its total).
  const lines: [number, number][][] = []
  for (let i = 0; i <= rows; i++) lines.push(Array.from({ length: cols + 1 }, (_, j) => [i, j] as [number, number]))
  for (let j = 0; j <= cols; j++) lines.push(Array.from({ length: rows + 1 }, (_, i) => [i, j] as [number, number]))

  for (let changed = true; changed;) {
    changed = false
    for (const line of lines) {
      const inner = line.slice(0, -1)
      const margin = line.at(-1)!
      if (hidden[margin[0]]![margin[1]]) continue
      const hiddenInner = inner.filter(([i, j]) => hidden[i]![j])
      if (hiddenInner.length !== 1) continue
      const candidates = inner.filter(([i, j]) => !hidden[i]![j] && v[i]![j]! > 0).sort((a, b) => v[a[0]]![a[1]]! - v[b[0]]![b[1]]!)
      const [i, j] = candidates[0] ?? margin
      hidden[i]![j] = true
      changed = true
    }
  }
  const show = (i: number, j: number): Cell => (!hidden[i]![j] ? v[i]![j]! : v[i]![j]! < min ? `<${min}` : HIDDEN_MARK)
  const line = (i: number) => ({ cells: Array.from({ length: cols }, (_, j) => show(i, j)), total: show(i, cols) })
  return { rows: Array.from({ length: rows }, (_, i) => line(i)), total: line(rows) }
}
