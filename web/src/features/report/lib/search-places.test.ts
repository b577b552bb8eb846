import { describe, expect, it } from 'vitest'
import type { Place } from '@shared/places.js'
import { searchPlaces } from './search-places.js'

const place = (name: string, kind: Place['kind'], kelurahan: string | null, kecamatan: string | null): Place => ({ name, kind, subkind: null, kelurahan, kecamatan, lon: 106.8, lat: -6.4 })
const PLACES: Place[] = [
  place('Pasar Kemiri', 'landmark', 'Kemiri Muka', 'Beji'),
  place('Pasar Rakyat Jabar Juara Sawangan', 'landmark', 'Sawangan Baru', 'Sawangan'),
  place('Giant', 'landmark', 'Bojongsari', 'Bojongsari'),
  place('Giant', 'landmark', 'Pangkalan Jati', 'Cinere'),
  place('RSUD Kota Depok', 'facility', 'Pasir Putih', 'Sawangan'),
  place('Beji', 'kecamatan', null, 'Beji'),
  place('Beji', 'kelurahan', 'Beji', 'Beji'),
  place('Beji Timur', 'kelurahan', 'Beji Timur', 'Beji'),
  place('Pondok Cina', 'kelurahan', 'Pondok Cina', 'Beji'),
]
const names = (q: string) => searchPlaces(PLACES, q).map((p) => `${p.name}/${p.kind}`)

describe('the offline place search', () => {
  it('finds a place by the start of its words, in any case and with punctuation', () => {
    expect(names('pasar kem')).toEqual(['Pasar Kemiri/landmark'])
    expect(names('PONDOK-CINA')).toEqual(['Pondok Cina/kelurahan'])
    expect(names('rsud')).toEqual(['RSUD Kota Depok/facility'])
  })

  it('puts exact names first, the kelurahan before its kecamatan, and ignores "kel." and "kec."', () => {
    expect(names('beji')[0]).toBe('Beji/kelurahan')
    expect(names('beji').slice(0, 3)).toEqual(['Beji/kelurahan', 'Beji/kecamatan', 'Beji Timur/kelurahan'])
    expect(names('kel. beji timur')).toEqual(['Beji Timur/kelurahan'])
  })

  it('narrows a name by its area, and tells same-named places apart by it', () => {
    expect(names('pasar sawangan')).toEqual(['Pasar Rakyat Jabar Juara Sawangan/landmark'])
    expect(names('giant cinere')).toEqual(['Giant/landmark'])
    expect(searchPlaces(PLACES, 'giant cinere')[0]!.kecamatan).toBe('Cinere')
    expect(names('giant')).toHaveLength(2)
  })

  it('finds nothing for nothing, or for words no place has', () => {
    expect(names('')).toEqual([])
    expect(names('  kel  ')).toEqual([])
    expect(names('monas')).toEqual([])
  })
})
