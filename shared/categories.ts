/**
 * The kinds of person a report is about. Kept apart from incidents.ts, which builds zod schemas
 * at load: the citizen's page needs only this list, and importing incidents.ts would put zod
 * (~25 kB gzipped) on its first load (web/build/pure-shared-schemas.ts explains why the
 * bundler cannot always drop it).
 */
export const INCIDENT_CATEGORIES = [
  'homeless', // gelandangan
  'sick', // orang sakit di tempat umum
  'odgj', // orang dengan gangguan jiwa
  'elderly', // lansia terlantar
  'street_child', // anak jalanan
  'disability', // penyandang disabilitas
  'other',
] as const
export type IncidentCategory = (typeof INCIDENT_CATEGORIES)[number]
