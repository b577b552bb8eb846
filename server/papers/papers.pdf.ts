import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from 'pdf-lib'

/**
 * A small A4 layout for the office's papers, on pdf-lib's standard Helvetica (no font file to
 * ship). Standard fonts encode WinAnsi only, so text is reduced to it first: Indonesian needs
 * nothing beyond Latin-1, and anything else (a name in another script) becomes "?" rather than
 * failing the whole paper.
 */
export function winAnsi(text: string): string {
  return text
    .normalize('NFC')
    .replace(/[‘’]/g, "'")
    .replace(/[“”]/g, '"')
    .replace(/[–—]/g, '-')
    .replace(/[^\x20-\x7e\xa0-\xff]/g, '?')
}

const A4: [number, number] = [595.28, 841.89]
const MARGIN = 56

export class Paper {
  private page!: PDFPage
  private y = 0
  private constructor(
    private readonly doc: PDFDocument,
    private readonly font: PDFFont,
    private readonly bold: PDFFont,
  ) {
    this.newPage()
  }

  static async create(title: string): Promise<Paper> {
    const doc = await PDFDocument.create()
    // No personal data in the metadata: only what kind of paper it is.
    doc.setTitle(title)
    doc.setCreator('TRC Dispatch')
    return new Paper(doc, await doc.embedFont(StandardFonts.Helvetica), await doc.embedFont(StandardFonts.HelveticaBold))
  }

  private newPage() {
    this.page = this.doc.addPage(A4)
    this.y = A4[1] - MARGIN
  }

  private ensure(height: number) {
    if (this.y - height < MARGIN) this.newPage()
  }

  /** Lines of `value` that fit `width` at `size` (a word longer than the width is cut). */
  private wrap(value: string, font: PDFFont, size: number, width: number): string[] {
    const lines: string[] = []
    let line = ''
    for (let w of winAnsi(value).split(/\s+/).filter(Boolean)) {
      // A word wider than the column (a long NIK-like string, an e-mail) is broken where it must.
      while (font.widthOfTextAtSize(w, size) > width && w.length > 1) {
        let cut = w.length - 1
        while (cut > 1 && font.widthOfTextAtSize(w.slice(0, cut), size) > width) cut--
        if (line) lines.push(line)
        lines.push(w.slice(0, cut))
        line = ''
        w = w.slice(cut)
      }
      const next = line ? `${line} ${w}` : w
      if (line && font.widthOfTextAtSize(next, size) > width) {
        lines.push(line)
        line = w
      } else line = next
    }
    if (line || lines.length === 0) lines.push(line)
    return lines
  }

  /** Text wrapped to the page width. */
  text(value: string, opts: { size?: number; bold?: boolean; center?: boolean; gap?: number } = {}): this {
    const size = opts.size ?? 10.5
    const font = opts.bold ? this.bold : this.font
    for (const l of this.wrap(value, font, size, A4[0] - 2 * MARGIN)) {
      this.ensure(size * 1.45)
      const x = opts.center ? (A4[0] - font.widthOfTextAtSize(l, size)) / 2 : MARGIN
      this.page.drawText(l, { x, y: this.y - size, size, font, color: rgb(0, 0, 0) })
      this.y -= size * 1.45
    }
    this.y -= opts.gap ?? 4
    return this
  }

  /**
   * Label: value rows, the label column fixed. Long values (an address, a long name, the
   * features) wrap within the value column, and the next row starts below the longest side.
   */
  rows(pairs: Array<[string, string | null | undefined]>): this {
    const size = 10.5
    const line = size * 1.4
    const labelX = MARGIN + 12
    const valueX = MARGIN + 170
    const colon = ': '
    const valueWidth = A4[0] - MARGIN - valueX - this.font.widthOfTextAtSize(colon, size)
    for (const [label, value] of pairs) {
      const labels = this.wrap(label, this.font, size, valueX - labelX - 8)
      const values = this.wrap(value && value.trim() ? value : '-', this.font, size, valueWidth)
      const n = Math.max(labels.length, values.length)
      // A row is never split over two pages unless it is longer than a page.
      this.ensure(Math.min(n * line, A4[1] - 2 * MARGIN))
      for (let i = 0; i < n; i++) {
        this.ensure(line)
        if (labels[i]) this.page.drawText(labels[i]!, { x: labelX, y: this.y - size, size, font: this.font })
        if (values[i] !== undefined) this.page.drawText(i === 0 ? colon + values[i]! : values[i]!, { x: i === 0 ? valueX : valueX + this.font.widthOfTextAtSize(colon, size), y: this.y - size, size, font: this.font })
        this.y -= line
      }
      this.y -= 2
    }
    this.y -= 6
    return this
  }

  /** Two signature blocks side by side, names under the lines, each kept within its column. */
  signatures(left: { role: string; name: string }, right: { role: string; name: string }): this {
    const size = 10.5
    const colWidth = (A4[0] - 2 * MARGIN) / 2 - 14
    const names = [left, right].map((s) => this.wrap(`(${s.name})`, this.font, size, colWidth))
    const roles = [left, right].map((s) => this.wrap(s.role, this.bold, size, colWidth))
    const roleLines = Math.max(...roles.map((r) => r.length))
    const nameLines = Math.max(...names.map((r) => r.length))
    const height = roleLines * size * 1.4 + 70 + nameLines * size * 1.4 + 10
    this.ensure(height)
    const top = this.y
    ;[MARGIN, A4[0] / 2 + 14].forEach((x, k) => {
      let y = top
      for (const r of roles[k]!) {
        this.page.drawText(r, { x, y: y - size, size, font: this.bold })
        y -= size * 1.4
      }
      y = top - roleLines * size * 1.4 - 60
      this.page.drawLine({ start: { x, y }, end: { x: x + Math.min(180, colWidth), y }, thickness: 0.6 })
      y -= 6
      for (const l of names[k]!) {
        this.page.drawText(l, { x, y: y - size, size, font: this.font })
        y -= size * 1.4
      }
    })
    this.y = top - height
    return this
  }

  save(): Promise<Uint8Array> {
    return this.doc.save()
  }
}
