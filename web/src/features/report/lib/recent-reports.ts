import type { IncidentCategory } from '@shared/incidents.js'

/** The reporter's own last reports, kept on this phone only, so a closed tab loses nothing. */
export interface RecentReport {
  trackingCode: string
  trackingUrl: string
  category: IncidentCategory
  at: string
}
const KEY = 'trc.recentReports'
const MAX = 5

export function recentReports(): RecentReport[] {
  try {
    const v = JSON.parse(localStorage.getItem(KEY) ?? '[]')
    return Array.isArray(v) ? (v as RecentReport[]).slice(0, MAX) : []
  } catch {
    return []
  }
}

export function rememberReport(r: RecentReport): void {
  try {
    const list = [r, ...recentReports().filter((x) => x.trackingCode !== r.trackingCode)].slice(0, MAX)
    localStorage.setItem(KEY, JSON.stringify(list))
  } catch {
    /* storage blocked: the receipt on screen is still there */
  }
}
