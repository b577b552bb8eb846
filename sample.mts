import { writeFileSync } from 'node:fs'
import { Paper } from './server/papers/papers.pdf.ts'
for (let i = 0; i < 4; i++) {
  const t = performance.now()
  const p = await Paper.create('x')
  p.text('BERITA ACARA SERAH TERIMA', { size: 14, bold: true, center: true })
    .rows([
      ['Nama', 'Ṣiti Ğül Nguyễn'],
      ['Nama petugas', 'Petugas Łukasz Đặng'],
      ['Catatan', 'Говорит по-русски; λέξη ελληνική; عربى 中文 — “quoted” '.repeat(3)],
      ['Alamat', 'Jl. Dahlia 9, Pancoran Mas, Kota Depok, Jawa Barat 16431 Sehr-lange-Straßenbezeichnung-ohne-Leerzeichen-die-umgebrochen-werden-muss'],
    ])
    .signatures({ role: 'PIHAK PERTAMA', name: 'Tim Ğül' }, { role: 'PIHAK KEDUA ĞÜL', name: 'Petugas Łukasz Đặng' })
  const b = await p.save()
  console.log(i, (performance.now() - t).toFixed(1), 'ms', b.length, 'bytes')
  writeFileSync('/tmp/sample.pdf', b)
}
