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

  /** Text wrapped to the page width. */
  text(value: string, opts: { size?: number; bold?: boolean; center?: boolean; gap?: number } = {}): this {
    const size = opts.size ?? 10.5
    const font = opts.bold ? this.bold : this.font
    const width = A4[0] - 2 * MARGIN
    const words = winAnsi(value).split(/\s+/)
    const lines: string[] = []
    let line = ''
    for (const w of words) {
      const next = line ? `${line} ${w}` : w
      if (font.widthOfTextAtSize(next, size) > width && line) {
        lines.push(line)
        line = w
      } else line = next
    }
    lines.push(line)
    for (const l of lines) {
      this.ensure(size * 1.45)
      const x = opts.center ? (A4[0] - font.widthOfTextAtSize(l, size)) / 2 : MARGIN
      this.page.drawText(l, { x, y: this.y - size, size, font, color: rgb(0, 0, 0) })
      this.y -= size * 1.45
    }
    this.y -= opts.gap ?? 4
    return this
  }

  /** Label: value rows, the label column fixed. */
  rows(pairs: Array<[string, string | null | undefined]>): this {
    const size = 10.5
    for (const [label, value] of pairs) {
      this.ensure(size * 1.5)
      this.page.drawText(winAnsi(label), { x: MARGIN + 12, y: this.y - size, size, font: this.font })
      this.page.drawText(winAnsi(`: ${value && value.trim() ? value : '-'}`), { x: MARGIN + 170, y: this.y - size, size, font: this.font, maxWidth: A4[0] - MARGIN * 2 - 170 })
      this.y -= size * 1.5
    }
    this.y -= 6
    return this
  }

  /** Two signature blocks side by side, names under the lines. */
  signatures(left: { role: string; name: string }, right: { role: string; name: string }): this {
    this.ensure(110)
    const col = (x: number, s: { role: string; name: string }) => {
      this.page.drawText(winAnsi(s.role), { x, y: this.y - 11, size: 10.5, font: this.bold })
      this.page.drawLine({ start: { x, y: this.y - 80 }, end: { x: x + 180, y: this.y - 80 }, thickness: 0.6 })
      this.page.drawText(winAnsi(`(${s.name})`), { x, y: this.y - 95, size: 10.5, font: this.font })
    }
    col(MARGIN, left)
    col(A4[0] / 2 + 10, right)
    this.y -= 110
    return this
  }

  save(): Promise<Uint8Array> {
    return this.doc.save()
  }
}
