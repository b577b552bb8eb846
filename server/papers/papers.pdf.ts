import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { inflateSync } from 'node:zlib'
import fontkit from '@pdf-lib/fontkit'
import { PDFDocument, rgb, type PDFFont, type PDFPage } from 'pdf-lib'

/**
 * A small A4 layout for the office's papers, in Noto Sans (SIL OFL 1.1, from
 * @fontsource/noto-sans) embedded as subsets, so a name, address or note in Latin Extended,
 * Vietnamese, Greek or Cyrillic prints as itself (pdf-lib's standard fonts know WinAnsi only).
 * Fontsource splits the font into one file per script, so a line is drawn in runs, each in the
 * first of SCRIPTS whose file has a glyph for it. A character none has (Arabic, CJK, Devanagari)
 * prints as "?" rather than failing the paper (decision 016).
 */
const SCRIPTS = ['latin', 'latin-ext', 'vietnamese', 'cyrillic', 'cyrillic-ext', 'greek', 'greek-ext'] as const
type Script = (typeof SCRIPTS)[number]
type Weight = 'regular' | 'bold'
const WEIGHTS: Record<Weight, number> = { regular: 400, bold: 700 }
const FALLBACK = '?'

/** The font files, read and parsed once per process (immutable data, not state). */
const faces = new Map<string, { bytes: Uint8Array; font: fontkit.Font }>()
let filesDir: string | undefined
function face(script: Script, weight: Weight) {
  const key = `${script}-${WEIGHTS[weight]}`
  let f = faces.get(key)
  if (!f) {
    filesDir ??= join(dirname(createRequire(import.meta.url).resolve('@fontsource/noto-sans/package.json')), 'files')
    const bytes = sfnt(readFileSync(join(filesDir, `noto-sans-${key}-normal.woff`)))
    f = { bytes, font: fontkit.create(bytes) }
    faces.set(key, f)
  }
  return f
}

/**
 * A WOFF 1.0 file as the TrueType (sfnt) font it wraps (https://www.w3.org/TR/WOFF/): each
 * table inflated once here with node's zlib, because fontkit inflates them in JavaScript on
 * every parse, and pdf-lib parses the bytes again for each document (~150 ms a font).
 * The GPOS table is left out: pdf-lib draws glyph ids at their advance widths and never uses
 * the positions, while fontkit decodes the table afresh for each document's font and spends
 * most of its layout time there (the PDF's subset never held it either).
 */
const GPOS = 0x47504f53
function sfnt(woff: Buffer): Uint8Array {
  if (woff.readUInt32BE(0) !== 0x774f4646) throw new Error('not a WOFF file')
  const tables = Array.from({ length: woff.readUInt16BE(12) }, (_, i) => {
    const e = 44 + i * 20
    const [offset, compLength, origLength] = [woff.readUInt32BE(e + 4), woff.readUInt32BE(e + 8), woff.readUInt32BE(e + 12)]
    const raw = woff.subarray(offset, offset + compLength)
    return { tag: woff.readUInt32BE(e), checksum: woff.readUInt32BE(e + 16), data: compLength < origLength ? inflateSync(raw) : raw }
  }).filter((t) => t.tag !== GPOS)
  const n = tables.length
  const pad = (x: number) => (x + 3) & ~3
  const out = Buffer.alloc(12 + 16 * n + tables.reduce((a, t) => a + pad(t.data.length), 0))
  const log2 = Math.floor(Math.log2(n))
  out.writeUInt32BE(woff.readUInt32BE(4), 0) // flavor: 0x00010000 (TrueType) or 'OTTO'
  out.writeUInt16BE(n, 4)
  out.writeUInt16BE(16 * 2 ** log2, 6)
  out.writeUInt16BE(log2, 8)
  out.writeUInt16BE(16 * n - 16 * 2 ** log2, 10)
  let at = 12 + 16 * n
  tables.forEach((t, i) => {
    out.writeUInt32BE(t.tag, 12 + i * 16)
    out.writeUInt32BE(t.checksum, 16 + i * 16)
    out.writeUInt32BE(at, 20 + i * 16)
    out.writeUInt32BE(t.data.length, 24 + i * 16)
    out.set(t.data, at)
    at += pad(t.data.length)
  })
  return out
}

/** The script whose font draws `cp`, or null if none does. */
function scriptOf(cp: number, weight: Weight): Script | null {
  for (const s of SCRIPTS) if (face(s, weight).font.hasGlyphForCodePoint(cp)) return s
  return null
}

/** `text` cut into runs that one font draws; characters no font has become FALLBACK. */
function runs(text: string, weight: Weight): Array<{ script: Script; text: string }> {
  const out: Array<{ script: Script; text: string }> = []
  for (const ch of text) {
    const script = scriptOf(ch.codePointAt(0)!, weight)
    const piece = script ? ch : FALLBACK
    const last = out[out.length - 1]
    if (last && last.script === (script ?? 'latin')) last.text += piece
    else out.push({ script: script ?? 'latin', text: piece })
  }
  return out
}

/** Text as the papers print it: composed (so "ễ" is one character with its own glyph), no control characters. */
function clean(text: string): string {
  return text.normalize('NFC').replace(/\p{Cc}/gu, ' ')
}

const A4: [number, number] = [595.28, 841.89]
const MARGIN = 56

export class Paper {
  private page!: PDFPage
  private y = 0
  /**
   * The paper is laid out at save(): by then every string it prints is known, so only the
   * fonts it needs are embedded (pdf-lib embeds each font added, used or not).
   */
  private readonly ops: Array<() => void> = []
  private readonly needed = new Set<string>()
  private readonly fonts = new Map<string, PDFFont>()
  private readonly widths = new Map<string, number>()
  private constructor(private readonly doc: PDFDocument) {}

  static async create(title: string): Promise<Paper> {
    const doc = await PDFDocument.create()
    doc.registerFontkit(fontkit)
    // No personal data in the metadata: only what kind of paper it is.
    doc.setTitle(title)
    doc.setCreator('TRC Dispatch')
    return new Paper(doc)
  }

  /** Notes the fonts `text` needs; returns it as it will be printed. */
  private need(text: string, weight: Weight): string {
    const c = clean(text)
    for (const r of runs(c, weight)) this.needed.add(`${r.script}-${weight}`)
    return c
  }

  private font(script: Script, weight: Weight): PDFFont {
    return this.fonts.get(`${script}-${weight}`)!
  }

  /**
   * Width of `text` at `size`, each run measured in the font that draws it. pdf-lib shapes the
   * text for every measure (fontkit layout), and wrapping measures each line word by word, so
   * widths are kept per word at size 1: pdf-lib's width is the sum of the shaped glyphs'
   * advances, linear in the size, and no glyph is shaped across a space.
   */
  private width(text: string, weight: Weight, size: number): number {
    let w = 0
    for (const word of text.split(/( )/)) {
      if (!word) continue
      const key = `${weight}:${word}`
      let ww = this.widths.get(key)
      if (ww === undefined) {
        ww = 0
        for (const r of runs(word, weight)) ww += this.font(r.script, weight).widthOfTextAtSize(r.text, 1)
        this.widths.set(key, ww)
      }
      w += ww
    }
    return w * size
  }

  private draw(text: string, x: number, y: number, size: number, weight: Weight) {
    for (const r of runs(text, weight)) {
      const font = this.font(r.script, weight)
      this.page.drawText(r.text, { x, y, size, font, color: rgb(0, 0, 0) })
      x += font.widthOfTextAtSize(r.text, size)
    }
  }

  private newPage() {
    this.page = this.doc.addPage(A4)
    this.y = A4[1] - MARGIN
  }

  private ensure(height: number) {
    if (this.y - height < MARGIN) this.newPage()
  }

  /** Lines of `value` that fit `width` at `size` (a word longer than the width is cut). */
  private wrap(value: string, weight: Weight, size: number, width: number): string[] {
    const lines: string[] = []
    let line = ''
    for (const word of value.split(/\s+/).filter(Boolean)) {
      // A word wider than the column (a long NIK-like string, an e-mail) is broken where it must;
      // by code point, so a character outside the BMP is never split.
      let w = [...word]
      while (this.width(w.join(''), weight, size) > width && w.length > 1) {
        let cut = w.length - 1
        while (cut > 1 && this.width(w.slice(0, cut).join(''), weight, size) > width) cut--
        if (line) lines.push(line)
        lines.push(w.slice(0, cut).join(''))
        line = ''
        w = w.slice(cut)
      }
      const next = line ? `${line} ${w.join('')}` : w.join('')
      if (line && this.width(next, weight, size) > width) {
        lines.push(line)
        line = w.join('')
      } else line = next
    }
    if (line || lines.length === 0) lines.push(line)
    return lines
  }

  /** Text wrapped to the page width. */
  text(value: string, opts: { size?: number; bold?: boolean; center?: boolean; gap?: number } = {}): this {
    const size = opts.size ?? 10.5
    const weight: Weight = opts.bold ? 'bold' : 'regular'
    const v = this.need(value, weight)
    this.ops.push(() => {
      for (const l of this.wrap(v, weight, size, A4[0] - 2 * MARGIN)) {
        this.ensure(size * 1.45)
        const x = opts.center ? (A4[0] - this.width(l, weight, size)) / 2 : MARGIN
        this.draw(l, x, this.y - size, size, weight)
        this.y -= size * 1.45
      }
      this.y -= opts.gap ?? 4
    })
    return this
  }

  /**
   * Label: value rows, the label column fixed. Long values (an address, a long name, the
   * features) wrap within the value column, and the next row starts below the longest side.
   */
  rows(pairs: Array<[string, string | null | undefined]>): this {
    const colon = this.need(': ', 'regular')
    const cells = pairs.map(([label, value]) => [this.need(label, 'regular'), this.need(value && value.trim() ? value : '-', 'regular')] as const)
    this.ops.push(() => {
      const size = 10.5
      const line = size * 1.4
      const labelX = MARGIN + 12
      const valueX = MARGIN + 170
      const colonWidth = this.width(colon, 'regular', size)
      const valueWidth = A4[0] - MARGIN - valueX - colonWidth
      for (const [label, value] of cells) {
        const labels = this.wrap(label, 'regular', size, valueX - labelX - 8)
        const values = this.wrap(value, 'regular', size, valueWidth)
        const n = Math.max(labels.length, values.length)
        // A row is never split over two pages unless it is longer than a page.
        this.ensure(Math.min(n * line, A4[1] - 2 * MARGIN))
        for (let i = 0; i < n; i++) {
          this.ensure(line)
          if (labels[i]) this.draw(labels[i]!, labelX, this.y - size, size, 'regular')
          if (values[i] !== undefined) this.draw(i === 0 ? colon + values[i]! : values[i]!, i === 0 ? valueX : valueX + colonWidth, this.y - size, size, 'regular')
          this.y -= line
        }
        this.y -= 2
      }
      this.y -= 6
    })
    return this
  }

  /** Two signature blocks side by side, names under the lines, each kept within its column. */
  signatures(left: { role: string; name: string }, right: { role: string; name: string }): this {
    const sides = [left, right].map((s) => ({ role: this.need(s.role, 'bold'), name: this.need(`(${s.name})`, 'regular') }))
    this.ops.push(() => {
      const size = 10.5
      const colWidth = (A4[0] - 2 * MARGIN) / 2 - 14
      const names = sides.map((s) => this.wrap(s.name, 'regular', size, colWidth))
      const roles = sides.map((s) => this.wrap(s.role, 'bold', size, colWidth))
      const roleLines = Math.max(...roles.map((r) => r.length))
      const nameLines = Math.max(...names.map((r) => r.length))
      const height = roleLines * size * 1.4 + 70 + nameLines * size * 1.4 + 10
      this.ensure(height)
      const top = this.y
      ;[MARGIN, A4[0] / 2 + 14].forEach((x, k) => {
        let y = top
        for (const r of roles[k]!) {
          this.draw(r, x, y - size, size, 'bold')
          y -= size * 1.4
        }
        y = top - roleLines * size * 1.4 - 60
        this.page.drawLine({ start: { x, y }, end: { x: x + Math.min(180, colWidth), y }, thickness: 0.6 })
        y -= 6
        for (const l of names[k]!) {
          this.draw(l, x, y - size, size, 'regular')
          y -= size * 1.4
        }
      })
      this.y = top - height
    })
    return this
  }

  async save(): Promise<Uint8Array> {
    for (const key of this.needed) {
      const [script, weight] = [key.slice(0, key.lastIndexOf('-')) as Script, key.slice(key.lastIndexOf('-') + 1) as Weight]
      this.fonts.set(key, await this.doc.embedFont(face(script, weight).bytes, { subset: true }))
    }
    this.newPage()
    for (const op of this.ops) op()
    return this.doc.save()
  }
}
