import KDBush from 'kdbush'
import { around } from 'geokdbush'
import type { Point } from '@shared/geo.js'

/** A team that could take a case: on duty, in an assignable status, holding none, with a position. */
export interface FreeTeam {
  id: string
  lon: number
  lat: number
  /** When its position was received (ms since the epoch), to skip stale fixes. */
  receivedAt: number
}

/** Changes since the last build before the tree is rebuilt (an overlay this small is scanned in microseconds). */
const MIN_OVERLAY = 32

/**
 * An in-memory spatial index of free teams: "which free teams are nearest to this point" in
 * microseconds among thousands, instead of loading and sorting every free team per report.
 *
 * kdbush trees are static, so changes go to a small overlay (teams added or moved since the
 * build, and tree entries that no longer count) that every query also scans; the tree is
 * rebuilt lazily once the overlay grows past max(MIN_OVERLAY, √n). It is a hint, never the
 * judge: the database decides at lock time whether a team is still free (see
 * docs/decisions/003-assignment.md).
 */
export class FreeTeamsIndex {
  private readonly teams = new Map<string, FreeTeam>()
  private tree: KDBush | null = null
  private treeTeams: FreeTeam[] = []
  /** Teams added or moved since the build (the current entry of each). */
  private readonly added = new Map<string, FreeTeam>()
  /** Ids whose tree entry no longer counts (moved, busy, off duty). */
  private readonly dropped = new Set<string>()
  private inTree = new Set<string>()

  get size(): number {
    return this.teams.size
  }

  has(id: string): boolean {
    return this.teams.has(id)
  }

  /** Replaces everything (a load from the database). */
  replaceAll(teams: Iterable<FreeTeam>): void {
    this.teams.clear()
    for (const t of teams) this.teams.set(t.id, { ...t })
    this.build()
  }

  /** The team is free at this position (added, or moved). */
  set(team: FreeTeam): void {
    const prev = this.teams.get(team.id)
    if (prev && prev.lon === team.lon && prev.lat === team.lat) {
      // A team waiting in one place reports the same point again and again: the entry the tree
      // (or overlay) holds is this same object, so only its time changes, and nothing is rebuilt.
      prev.receivedAt = team.receivedAt
      return
    }
    const entry = { ...team }
    this.teams.set(team.id, entry)
    if (this.inTree.has(team.id)) this.dropped.add(team.id)
    this.added.set(team.id, entry)
  }

  /** The team is no longer free (busy, off duty, or gone). */
  remove(id: string): void {
    if (!this.teams.delete(id)) return
    this.added.delete(id)
    if (this.inTree.has(id)) this.dropped.add(id)
  }

  /**
   * Up to `k` free teams nearest to `p` by great-circle distance, nearest first, among those
   * `accept` lets through (freshness, exclusions). `distanceM` is straight-line metres.
   */
  nearest(p: Point, k: number, accept: (t: FreeTeam) => boolean = () => true): Array<{ team: FreeTeam; distanceM: number }> {
    if (k <= 0 || this.teams.size === 0) return []
    if (this.added.size + this.dropped.size > Math.max(MIN_OVERLAY, Math.sqrt(this.teams.size))) this.build()
    const found: Array<{ team: FreeTeam; distanceM: number }> = []
    if (this.tree) {
      const treeTeams = this.treeTeams
      const ids = around(this.tree, p.lon, p.lat, k, Infinity, (i) => {
        const t = treeTeams[i]!
        return !this.dropped.has(t.id) && accept(t)
      })
      for (const i of ids) {
        const t = treeTeams[i]!
        found.push({ team: t, distanceM: haversineMetres(p, t) })
      }
    }
    if (this.added.size > 0) {
      for (const t of this.added.values()) if (accept(t)) found.push({ team: t, distanceM: haversineMetres(p, t) })
      found.sort((a, b) => a.distanceM - b.distanceM)
      if (found.length > k) found.length = k
    }
    return found
  }

  private build(): void {
    const all = [...this.teams.values()]
    this.added.clear()
    this.dropped.clear()
    this.inTree = new Set(all.map((t) => t.id))
    this.treeTeams = all
    if (all.length === 0) {
      this.tree = null
      return
    }
    const tree = new KDBush(all.length)
    for (const t of all) tree.add(t.lon, t.lat)
    tree.finish()
    this.tree = tree
  }
}

const EARTH_RADIUS_M = 6_371_008.8
const RAD = Math.PI / 180

/** Great-circle metres (the same haversine as turf, which ranks the candidates afterwards). */
export function haversineMetres(a: { lon: number; lat: number }, b: { lon: number; lat: number }): number {
  const dLat = (b.lat - a.lat) * RAD
  const dLon = (b.lon - a.lon) * RAD
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * RAD) * Math.cos(b.lat * RAD) * Math.sin(dLon / 2) ** 2
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)))
}
