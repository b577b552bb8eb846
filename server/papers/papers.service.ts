import type { PpksCategory } from '@shared/people.js'
import type { CheckOut } from '@shared/stays.js'
import type { AuthService } from '../auth/auth.service.js'
import type { Deps } from '../context.js'
import { destinationsRepository } from '../destinations/destinations.repository.js'
import { AppError, notFound } from '../errors.js'
import { handoversRepository } from '../handovers/handovers.repository.js'
import { incidentsRepository } from '../incidents/incidents.repository.js'
import { peopleRepository } from '../people/people.repository.js'
import type { Caller } from '../people/people.service.js'
import { staysRepository } from '../stays/stays.repository.js'
import type { StaysService } from '../stays/stays.service.js'
import { teamsRepository } from '../teams/teams.repository.js'
import { Paper } from './papers.pdf.js'

const SEX_ID = { male: 'Laki-laki', female: 'Perempuan', unknown: 'Tidak diketahui' } as const

/**
 * The office's papers in Bahasa Indonesia: the handover record (Berita Acara Serah Terima)
 * and the release-to-family agreement. Both print personal data, so each is access-logged
 * and facility staff get only their own facility's.
 */
export class PapersService {
  constructor(
    private readonly d: Deps,
    private readonly auth: AuthService,
    private readonly stays: StaysService,
  ) {}

  private when(at: Date): { day: string; date: string; time: string } {
    const tz = this.d.config.TIMEZONE ?? this.d.city.config.timezone
    const f = (o: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat('id-ID', { timeZone: tz, ...o }).format(at)
    return { day: f({ weekday: 'long' }), date: f({ day: 'numeric', month: 'long', year: 'numeric' }), time: f({ hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }) }
  }

  private ppksNames(nos: number[]): string {
    const byNo = new Map<number, PpksCategory>(this.d.city.ppks.map((p) => [p.no, p]))
    return nos.map((n) => byNo.get(n)?.nameId ?? String(n)).join(', ')
  }

  /** Berita Acara Serah Terima for a handover. */
  async handoverRecord(handoverId: string, caller: Caller): Promise<Uint8Array> {
    const q = this.d.db.sql
    const h = await handoversRepository.get(q, handoverId)
    if (!h) throw notFound('Handover', handoverId)
    this.stays.assertAtFacility(caller.who, h.destinationId)
    const [incident, dest, teamRows, person] = await Promise.all([
      incidentsRepository.get(q, h.incidentId),
      destinationsRepository.get(q, h.destinationId),
      teamsRepository.list(q, h.teamId),
      h.personId ? peopleRepository.get(q, h.personId) : Promise.resolve(null),
    ])
    const team = teamRows[0]
    const at = this.when(new Date(h.handedOverAt))
    const city = this.d.city.config
    const age = person?.birthYear
      ? `${new Date(h.handedOverAt).getUTCFullYear() - person.birthYear} tahun${person.birthYearEstimated ? ' (perkiraan)' : ''}`
      : h.person.approxAge !== undefined
        ? `${h.person.approxAge} tahun (perkiraan)`
        : null
    const paper = await Paper.create('Berita Acara Serah Terima')
    paper
      .text('BERITA ACARA SERAH TERIMA', { size: 14, bold: true, center: true, gap: 0 })
      .text(`${city.serviceName} - ${city.name}`, { center: true })
      .text(`Nomor: BAST/${at.date.slice(-4)}/${h.id.slice(0, 8).toUpperCase()}`, { center: true, gap: 14 })
      .text(`Pada hari ini, ${at.day}, tanggal ${at.date}, pukul ${at.time}, bertempat di ${dest?.name ?? '-'}${dest?.address ? `, ${dest.address}` : ''}, kami yang bertanda tangan di bawah ini:`, {
        gap: 8,
      })
      .text('PIHAK PERTAMA (yang menyerahkan)', { bold: true })
      .rows([
        ['Tim', team ? `${team.callSign} - ${team.name}` : '-'],
        ['Instansi', `${city.serviceName}, ${city.name}`],
      ])
      .text('PIHAK KEDUA (yang menerima)', { bold: true })
      .rows([
        ['Nama petugas', h.receivedBy],
        ['Tempat', dest?.name],
      ])
      .text('Pihak Pertama menyerahkan kepada Pihak Kedua, dan Pihak Kedua menerima dari Pihak Pertama, seorang warga dengan keterangan sebagai berikut:', { gap: 8 })
      .rows([
        ['Nama', person?.name ?? h.person.name ?? 'Tidak diketahui'],
        ['Nama lain', person?.aliases.join(', ')],
        ['NIK', person?.nik ?? h.person.nik],
        ['Jenis kelamin', SEX_ID[person?.sex ?? h.person.sex]],
        ['Umur', age],
        ['Daerah asal', person?.homeRegion],
        ['Ciri-ciri', person?.features],
        ['Kondisi saat diserahkan', h.person.condition],
        ['Kategori PPKS', person ? this.ppksNames(person.ppks) : null],
        [
          'Ditemukan di',
          incident ? [incident.address, incident.area.kelurahan && `Kel. ${incident.area.kelurahan}`, incident.area.kecamatan && `Kec. ${incident.area.kecamatan}`].filter(Boolean).join(', ') : null,
        ],
        ['Catatan', h.notes],
      ])
      .text('Demikian berita acara ini dibuat dengan sebenarnya untuk dipergunakan sebagaimana mestinya.', { gap: 18 })
      .signatures({ role: 'PIHAK PERTAMA', name: team ? `Tim ${team.callSign}` : '' }, { role: 'PIHAK KEDUA', name: h.receivedBy })
    await this.auth.logAccess(caller.who, 'handover', [h.id], 'paper:bast', caller.requestId)
    if (person) await this.auth.logAccess(caller.who, 'person', [person.id], 'paper:bast', caller.requestId)
    return paper.save()
  }

  /** Surat pernyataan penyerahan kepada keluarga, for a stay that ended with a release to family. */
  async releaseAgreement(stayId: string, caller: Caller): Promise<Uint8Array> {
    const q = this.d.db.sql
    const stay = await staysRepository.get(q, stayId)
    if (!stay) throw notFound('Stay', stayId)
    this.stays.assertAtFacility(caller.who, stay.destinationId)
    if (stay.outcome !== 'released_to_family' || !stay.checkedOutAt) throw new AppError('conflict', `Stay ${stayId} did not end with a release to family`)
    const [person, dest] = await Promise.all([peopleRepository.get(q, stay.personId), destinationsRepository.get(q, stay.destinationId)])
    const family: Partial<Extract<CheckOut, { outcome: 'released_to_family' }>['family']> = (stay.outcomeDetails && 'family' in stay.outcomeDetails ? stay.outcomeDetails.family : null) ?? {}
    const at = this.when(stay.checkedOutAt)
    const city = this.d.city.config
    const paper = await Paper.create('Surat Pernyataan Penyerahan kepada Keluarga')
    paper
      .text('SURAT PERNYATAAN PENERIMAAN KEMBALI OLEH KELUARGA', { size: 13, bold: true, center: true, gap: 0 })
      .text(`${dest?.name ?? ''} - ${city.name}`, { center: true, gap: 14 })
      .text('Yang bertanda tangan di bawah ini:', { gap: 6 })
      .rows([
        ['Nama', family.name],
        ['NIK', family.nik],
        ['Hubungan keluarga', family.relationship],
        ['Alamat', family.address],
        ['Telepon', family.phone],
      ])
      .text(`Pada hari ${at.day}, tanggal ${at.date}, pukul ${at.time}, menyatakan telah menerima kembali dari ${dest?.name ?? '-'}:`, { gap: 6 })
      .rows([
        ['Nama', person?.name ?? 'Tidak diketahui'],
        ['NIK', person?.nik],
        ['Jenis kelamin', person ? SEX_ID[person.sex] : null],
        ['Tinggal sejak', this.when(stay.checkedInAt).date],
      ])
      .text(
        'dan bersedia merawat, membimbing dan mengawasinya agar tidak kembali hidup di jalan. Apabila di kemudian hari yang bersangkutan kembali ditemukan di jalan, kami bersedia menerima tindak lanjut sesuai ketentuan yang berlaku.',
        { gap: 18 },
      )
      .signatures({ role: 'Petugas', name: dest?.name ?? '' }, { role: 'Yang menyatakan', name: family.name ?? '' })
    await this.auth.logAccess(caller.who, 'stay', [stay.id], 'paper:release', caller.requestId)
    await this.auth.logAccess(caller.who, 'person', [stay.personId], 'paper:release', caller.requestId)
    return paper.save()
  }
}
