import type { SameKeys } from '../../lib/i18n.js'

const id = {
  title: 'Ringkasan publik – $t(common:appName)',
  heading: 'Ringkasan bulan ini',
  intro: 'Jumlah kasus yang ditangani tim reaksi cepat Dinas Sosial {{city}} pada {{month}}, per kecamatan dan hasil penanganan.',
  kecamatan: 'Kecamatan',
  code: 'Kode',
  cases: 'Kasus',
  medianResponse: 'Median waktu tanggap',
  total: 'Jumlah',
  outside: 'Di luar wilayah',
  outcomes: {
    handed_over: 'Diserahkan ke tempat layanan',
    released_on_scene: 'Ditangani di lokasi',
    refused_help: 'Menolak bantuan',
    referred_other_agency: 'Dirujuk',
    not_found: 'Tidak ditemukan',
    other: 'Lainnya',
  },
  cityResponse: 'Median waktu tanggap se-kota: {{value}}',
  minutes: '{{value}} mnt',
  suppressed:
    'Angka di bawah {{min}} ditampilkan sebagai “<{{min}}”, dan angka lain yang dapat dipakai untuk menghitungnya sebagai “x”, agar tidak ada orang yang dapat dikenali. Median waktu tanggap ditampilkan hanya bila ada sedikitnya {{min}} kasus.',
  definitions:
    'Kasus: laporan yang ditangani, tanpa laporan palsu dan laporan ganda. Waktu tanggap: dari laporan diterima sampai tim tiba di lokasi. Lainnya: dibatalkan pelapor atau masih ditangani.',
  download: 'Unduh data terbuka (CSV)',
  updated: 'Diperbarui {{time}}',
  staff: 'Laporan lengkap (petugas)',
}

const en: SameKeys<typeof id> = {
  title: 'Public summary – $t(common:appName)',
  heading: 'This month at a glance',
  intro: 'Cases handled by the rapid response team of the Social Affairs Office of {{city}} in {{month}}, by district and outcome.',
  kecamatan: 'District',
  code: 'Code',
  cases: 'Cases',
  medianResponse: 'Median response time',
  total: 'Total',
  outside: 'Outside the area',
  outcomes: {
    handed_over: 'Handed over to a service',
    released_on_scene: 'Resolved on scene',
    refused_help: 'Refused help',
    referred_other_agency: 'Referred',
    not_found: 'Not found',
    other: 'Other',
  },
  cityResponse: 'City-wide median response time: {{value}}',
  minutes: '{{value}} min',
  suppressed:
    'Counts under {{min}} are shown as “<{{min}}”, and other counts that would let them be worked out as “x”, so that no person can be identified. The median response time is shown only where there are at least {{min}} cases.',
  definitions: 'Cases: reports handled, without false reports and duplicates. Response time: from the report to the team on scene. Other: cancelled by the reporter or still open.',
  download: 'Download open data (CSV)',
  updated: 'Updated {{time}}',
  staff: 'Full report (staff)',
}

export const summaryLocales = { id, en }
