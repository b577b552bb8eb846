import ExcelJS from 'exceljs'
import Papa from 'papaparse'
import { INTERVAL_DEFINITIONS, INTERVALS, OUTCOMES, type Interval, type Outcome } from '@shared/intervals.js'
import { PUBLIC_OUTCOMES, type PublicOutcome, type PublicSummary, type Report, type ReportGrouping, type ReportRow } from '@shared/reports.js'

// Column headers in Bahasa Indonesia: the exports go into the office's reports to the mayor
// and the DPRD as they are. The web page has its own (translated) labels.

const OUTCOME_HEADER: Record<Outcome, string> = {
  handed_over: 'Diserahkan ke tempat layanan',
  released_on_scene: 'Ditangani di lokasi',
  refused_help: 'Menolak bantuan',
  referred_other_agency: 'Dirujuk ke instansi lain',
  not_found: 'Tidak ditemukan',
  cancelled_by_reporter: 'Dibatalkan pelapor',
  false_report: 'Laporan palsu / keliru',
  duplicate: 'Laporan ganda',
  open: 'Masih ditangani',
}
const PUBLIC_OUTCOME_HEADER: Record<PublicOutcome, string> = { ...OUTCOME_HEADER, other: 'Lainnya (dibatalkan, masih ditangani)' } as Record<PublicOutcome, string>

const INTERVAL_HEADER: Record<Interval, string> = {
  processing: 'Waktu proses',
  turnout: 'Waktu berangkat',
  travel: 'Waktu perjalanan',
  scene: 'Waktu di lokasi',
  transport: 'Waktu pengantaran',
  response: 'Waktu tanggap',
  total: 'Waktu total',
}
const MILESTONE_TEXT: Record<string, string> = {
  report: 'laporan pertama diterima',
  assigned: 'tim ditugaskan',
  en_route: 'tim berangkat',
  on_scene: 'tim tiba di lokasi',
  scene_end: 'mulai mengantar, atau kasus ditutup di lokasi',
  transporting: 'mulai mengantar',
  handed_over: 'diserahkan ke tempat layanan',
}

const CATEGORY_LABEL: Record<string, string> = {
  homeless: 'Gelandangan / tunawisma',
  sick: 'Orang sakit di tempat umum',
  odgj: 'ODGJ (gangguan jiwa)',
  elderly: 'Lansia terlantar',
  street_child: 'Anak jalanan',
  disability: 'Penyandang disabilitas',
  other: 'Lainnya',
}
const DESTINATION_KIND_LABEL: Record<string, string> = {
  rps: 'Rumah Perlindungan Sosial',
  shelter: 'Rumah singgah',
  panti: 'Panti sosial',
  hospital: 'Rumah sakit',
  puskesmas: 'Puskesmas',
  family: 'Keluarga',
  unknown: 'Tidak tercatat',
}
const GROUP_HEADER: Record<ReportGrouping, string> = {
  month: 'Bulan',
  kecamatan: 'Kecamatan',
  kelurahan: 'Kelurahan',
  category: 'Kategori PPKS',
  disposition: 'Hasil penanganan',
  destination: 'Tempat tujuan',
  team: 'Tim',
  source: 'Sumber laporan',
  shift: 'Shift',
}
/** Where a case came from (decision 015). */
const SOURCE_LABEL: Record<string, string> = { citizen: 'Laporan warga', call_taker: 'Telepon', patrol: 'Temuan patroli' }
const SHEET_NAME: Record<ReportGrouping, string> = {
  month: 'Per bulan',
  kecamatan: 'Per kecamatan',
  kelurahan: 'Per kelurahan',
  category: 'Per kategori PPKS',
  disposition: 'Per hasil penanganan',
  destination: 'Per tempat tujuan',
  team: 'Per tim',
  source: 'Per sumber laporan',
  shift: 'Per shift',
}
const HAS_CODE: readonly ReportGrouping[] = ['kecamatan', 'kelurahan']

function groupLabel(by: ReportGrouping, r: ReportRow): string {
  if (r.key === null) return by === 'kecamatan' || by === 'kelurahan' ? 'Di luar wilayah' : 'Tidak ada'
  if (by === 'category') return CATEGORY_LABEL[r.key] ?? r.key
  if (by === 'disposition') return OUTCOME_HEADER[r.key as Outcome] ?? r.key
  if (by === 'source') return SOURCE_LABEL[r.key] ?? r.key
  return r.label ?? r.key
}

/** A local month key as the date of its first day (Excel dates carry no time zone). */
const monthDate = (key: string) => new Date(`${key}-01T00:00:00Z`)
const minutes = (s: number | null) => (s === null ? null : Math.round(s / 6) / 10)

/** The columns of one report table, with how to read each from a row. */
interface Column {
  header: string
  width?: number
  numFmt?: string
  value(r: ReportRow): string | number | Date | null
}

function reportColumns(by: ReportGrouping): Column[] {
  const cols: Column[] = []
  if (by === 'month') cols.push({ header: 'Bulan', width: 12, numFmt: 'mmm yyyy', value: (r) => (r.key ? monthDate(r.key) : null) })
  else {
    if (HAS_CODE.includes(by)) cols.push({ header: 'Kode Kemendagri', width: 16, value: (r) => r.code })
    cols.push({ header: GROUP_HEADER[by], width: 28, value: (r) => groupLabel(by, r) })
    if (by === 'destination') cols.push({ header: 'Jenis tempat', width: 24, value: (r) => (r.kind ? (DESTINATION_KIND_LABEL[r.kind] ?? r.kind) : null) })
  }
  cols.push({ header: 'Laporan masuk', value: (r) => r.received })
  cols.push({ header: 'Kasus (tanpa laporan palsu dan ganda)', value: (r) => r.cases })
  cols.push({ header: 'Orang terjangkau (data orang)', value: (r) => r.personsReached })
  cols.push({ header: 'Orang dijemput lebih dari sekali', value: (r) => r.personsPickedUpAgain })
  for (const o of OUTCOMES) cols.push({ header: OUTCOME_HEADER[o], value: (r) => r.outcomes[o] ?? 0 })
  for (const kind of Object.keys(DESTINATION_KIND_LABEL)) cols.push({ header: `Diserahkan ke: ${DESTINATION_KIND_LABEL[kind]}`, value: (r) => r.handedOverTo[kind] ?? 0 })
  for (const i of INTERVALS) {
    cols.push({ header: `${INTERVAL_HEADER[i]}: jumlah kasus`, value: (r) => r.intervals[i]?.n ?? 0 })
    cols.push({ header: `${INTERVAL_HEADER[i]} p50 (menit)`, numFmt: '0.0', value: (r) => minutes(r.intervals[i]?.p50S ?? null) })
    cols.push({ header: `${INTERVAL_HEADER[i]} p90 (menit)`, numFmt: '0.0', value: (r) => minutes(r.intervals[i]?.p90S ?? null) })
    cols.push({ header: `${INTERVAL_HEADER[i]}: dalam target`, numFmt: '0%', value: (r) => r.intervals[i]?.withinTarget ?? null })
  }
  return cols
}

const totalRow = (r: Report): ReportRow => ({ ...r.total, key: null, label: 'Jumlah' })

/** The report as one CSV table (RFC 4180, UTF-8): the groups, then a total line. */
export function reportCsv(report: Report): string {
  const cols = reportColumns(report.groupBy)
  const cell = (v: string | number | Date | null) => (v instanceof Date ? v.toISOString().slice(0, 7) : (v ?? ''))
  const rows = report.groups.map((r) => cols.map((c) => cell(c.value(r))))
  const total = cols.map((c, i) => (i === 0 ? 'Jumlah' : typeof c.value(report.total) === 'number' ? cell(c.value(report.total)) : ''))
  return Papa.unparse({ fields: cols.map((c) => c.header), data: [...rows, total] }, { newline: '\r\n' })
}

function addTable(ws: ExcelJS.Worksheet, cols: Column[], rows: ReportRow[], total: ReportRow | null) {
  ws.columns = cols.map((c) => ({ header: c.header, width: c.width ?? 14, style: c.numFmt ? { numFmt: c.numFmt } : {} }))
  ws.getRow(1).font = { bold: true }
  ws.getRow(1).alignment = { wrapText: true, vertical: 'top' }
  ws.views = [{ state: 'frozen', xSplit: 1, ySplit: 1 }]
  for (const r of rows) ws.addRow(cols.map((c) => c.value(r)))
  if (total) {
    const row = ws.addRow(cols.map((c, i) => (i === 0 ? 'Jumlah' : typeof c.value(total) === 'number' ? c.value(total) : null)))
    row.font = { bold: true }
  }
}

/**
 * The report as a workbook: the chosen grouping, the month-by-month series and a sheet that
 * says what every figure means. Counts and minutes are numbers, months and period bounds are
 * dates, so the office can compute with them.
 */
export async function reportXlsx(report: Report, serviceName: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook()
  wb.creator = serviceName
  wb.created = new Date(report.generatedAt)
  addTable(wb.addWorksheet(SHEET_NAME[report.groupBy]), reportColumns(report.groupBy), report.groups, totalRow(report))
  if (report.groupBy !== 'month') addTable(wb.addWorksheet('Per bulan'), reportColumns('month'), report.series, totalRow(report))

  const about = wb.addWorksheet('Keterangan')
  about.columns = [{ width: 28 }, { width: 90 }]
  const day = (d: string) => new Date(`${d}T00:00:00Z`)
  about.addRow(['Laporan', `${serviceName}: laporan bulanan`]).font = { bold: true }
  about.addRow(['Periode dari', day(report.period.from)]).getCell(2).numFmt = 'dd/mm/yyyy'
  about.addRow(['Periode sampai', day(report.period.to)]).getCell(2).numFmt = 'dd/mm/yyyy'
  about.addRow(['Zona waktu', report.timezone])
  about.addRow(['Dibuat (UTC)', new Date(report.generatedAt)]).getCell(2).numFmt = 'dd/mm/yyyy hh:mm'
  about.addRow(['Dikelompokkan menurut', GROUP_HEADER[report.groupBy]])
  about.addRow([])
  about.addRow([
    'Definisi',
    'Setiap kasus masuk ke bulan laporan pertamanya (zona waktu kota). Waktu dihitung dari log kejadian kasus, hanya bila kedua ujungnya ada, tanpa laporan palsu dan laporan ganda. p50 = median, p90 = 90% kasus selesai dalam waktu ini (interpolasi seperti PERCENTILE.INC).',
  ]).font = { bold: true }
  for (const i of INTERVALS) {
    const d = INTERVAL_DEFINITIONS[i]
    const target = report.total.intervals[i]?.targetS
    about.addRow([INTERVAL_HEADER[i], `dari ${MILESTONE_TEXT[d.from]} sampai ${MILESTONE_TEXT[d.to]}${target ? `; target ${Math.round(target / 60)} menit` : ''}`])
  }
  about.addRow([
    'Temuan patroli',
    'Kasus yang ditemukan tim saat patroli dimulai di lokasi: tidak punya waktu proses, berangkat, perjalanan dan tanggap (tidak ada yang menunggu tim); waktu di lokasi, pengantaran dan total tetap dihitung.',
  ])
  about.getColumn(2).alignment = { wrapText: true }
  return Buffer.from(await wb.xlsx.writeBuffer())
}

/** The public summary as open data: one line per kecamatan and a total, small counts as "<N". */
export function publicSummaryCsv(s: PublicSummary): string {
  const fields = ['Bulan', 'Kode Kemendagri', 'Kecamatan', 'Kasus', ...PUBLIC_OUTCOMES.map((o) => PUBLIC_OUTCOME_HEADER[o]), 'Median waktu tanggap (menit)']
  const line = (r: PublicSummary['rows'][number], name: string | null) => [
    s.month,
    r.kecamatanCode ?? '',
    name ?? r.kecamatan ?? 'Di luar wilayah',
    r.cases,
    ...PUBLIC_OUTCOMES.map((o) => r.outcomes[o]),
    minutes(r.medianResponseS) ?? '',
  ]
  return Papa.unparse({ fields, data: [...s.rows.map((r) => line(r, null)), line(s.total, 'Jumlah')] }, { newline: '\r\n' })
}
