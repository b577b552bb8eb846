import type { Place } from '@shared/places.js'

/** How many matches the list shows: enough to choose from on a phone screen. */
export const MAX_PLACE_RESULTS = 8

/** Named spots before whole areas (a type-only import: shared/places.ts loads zod). */
const KIND_ORDER: Record<Place['kind'], number> = { landmark: 0, facility: 1, kelurahan: 2, kecamatan: 3 }

/** Words that say what kind of place, not which: "kel. beji" and "beji" find the same. */
const NOISE = new Set(['kel', 'kelurahan', 'desa', 'kec', 'kecamatan', 'kota', 'dekat', 'depan', 'di', 'near', 'the', 'jl', 'jalan'])

/** Lower case, accents and punctuation gone, so "Pondok Cina", "pondok-cina" and "PONDOK CINA" match. */
export function normalizePlaceText(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
}

const words = (s: string | null) => (s ? normalizePlaceText(s).split(' ').filter(Boolean) : [])

/**
 * The places matching what the reporter typed, best first. Every word typed must begin a word
 * of the place's name or of its kelurahan / kecamatan ("pasar sawangan" finds the market in
 * Sawangan). A name that starts with the query comes first, then names holding every word,
 * then matches through the area; named spots before whole areas. Runs on the phone over the
 * city's list: no network, no geocoding service.
 */
export function searchPlaces(places: readonly Place[], query: string): Place[] {
  const q = normalizePlaceText(query)
  const tokens = q.split(' ').filter((w) => w && !NOISE.has(w))
  if (tokens.length === 0) return []
  const scored: { place: Place; score: number }[] = []
  for (const place of places) {
    const name = normalizePlaceText(place.name)
    const nameWords = name.split(' ')
    const areaWords = [...words(place.kelurahan), ...words(place.kecamatan)]
    let inName = 0
    let matched = true
    for (const t of tokens) {
      if (nameWords.some((w) => w.startsWith(t))) inName++
      else if (!areaWords.some((w) => w.startsWith(t))) {
        matched = false
        break
      }
    }
    if (!matched) continue
    const rank = name === tokens.join(' ') ? 0 : name.startsWith(tokens.join(' ')) ? 1 : inName === tokens.length ? 2 : inName > 0 ? 3 : 4
    scored.push({ place, score: rank * 10 + KIND_ORDER[place.kind] })
  }
  return scored
    .sort((a, b) => a.score - b.score || a.place.name.localeCompare(b.place.name))
    .slice(0, MAX_PLACE_RESULTS)
    .map((s) => s.place)
}
