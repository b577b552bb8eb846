import L from 'leaflet'
import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { Destination } from '@shared/destinations.js'
import { OPEN_STATUSES, type Incident } from '@shared/incidents.js'
import type { Team } from '@shared/teams.js'
import { MapView, escapeHtml } from '../../../components/map/map-view.js'
import { STATUS_COLOR, TEAM_STATUS_COLOR } from '../../../components/palette.js'
import { useCityConfig } from '../../../lib/city-config.js'
import { useNow } from '../../../lib/use-now.js'
import { useDispatch } from '../hooks/use-dispatch.js'
import { agoText } from '../lib/ago.js'
import { MapLegend } from './map-legend.js'

const GLYPH = { critical: '!!', high: '!', normal: '' } as const
/** The incident panel's width plus its margin (dispatch.css). */
const PANEL_WIDTH_PX = 430

function incidentIcon(i: Incident, selected: boolean) {
  const waiting = i.status === 'reported'
  return L.divIcon({
    className: 'inc-icon',
    iconSize: [28, 28],
    iconAnchor: [14, 14],
    // A case found on patrol carries a "P" tag (decision 015): no one waited for a team there.
    html: `<div class="inc-marker shape-${i.priority} ${waiting ? 'is-waiting' : ''} ${selected ? 'is-selected' : ''} ${i.source === 'patrol' ? 'is-patrol' : ''}" style="--c:${STATUS_COLOR[i.status]}" data-testid="map-incident-${i.id}" data-status="${i.status}" data-priority="${i.priority}" data-source="${i.source}"><span class="inc-shape"></span><span class="inc-glyph">${GLYPH[i.priority]}</span>${i.source === 'patrol' ? '<span class="inc-patrol">P</span>' : ''}</div>`,
  })
}

/** Whether the team's phone is connected now: `on`, `off`, or `unknown` (not in the list yet). */
const phoneState = (team: Team) => (team.phoneConnected === undefined ? 'unknown' : team.phoneConnected ? 'on' : 'off')

function teamIcon(team: Team, stale: boolean) {
  const p = team.position
  const phone = phoneState(team)
  return L.divIcon({
    className: 'team-icon',
    iconSize: [0, 0],
    // A hollow dot: the team's phone is not connected (it would not hear an offer).
    html: `<div class="team-marker ${stale ? 'is-stale' : ''} ${phone === 'off' ? 'is-phone-off' : ''}" style="--c:${TEAM_STATUS_COLOR[team.status]}" data-testid="map-team-${team.id}" data-status="${team.status}" data-stale="${stale}" data-phone="${phone}" data-at="${p ? `${p.lat.toFixed(5)},${p.lon.toFixed(5)}` : ''}"><span class="team-dot"></span><span class="team-label">${escapeHtml(team.callSign)}</span></div>`,
  })
}

function destinationIcon(d: Destination, exampleLabel: string, freeLabel: string) {
  const full = d.free !== null && d.free <= 0
  const cap = d.capacity === null ? '' : `<span class="dest-cap" data-testid="map-destination-free-${d.id}">${escapeHtml(freeLabel)}</span>`
  return L.divIcon({
    className: 'dest-icon',
    iconSize: [0, 0],
    html: `<div class="dest-marker kind-${d.kind} ${full ? 'is-full' : ''} ${d.isExample ? 'is-example' : ''}" data-testid="map-destination-${d.id}"><span class="dest-glyph">${d.kind === 'hospital' || d.kind === 'puskesmas' ? '+' : '⌂'}</span>${cap}${d.isExample ? `<span class="dest-ex">${escapeHtml(exampleLabel)}</span>` : ''}</div>`,
  })
}

/**
 * The live map: open incidents, teams at their last positions, destinations with free places.
 * Markers are kept per id and updated in place, so a new event never rebuilds the map.
 */
export function DispatchMap({ selectedId, onSelect, focus }: { selectedId: string | null; onSelect: (id: string) => void; focus: { id: string; n: number } | null }) {
  const { t } = useTranslation('dispatch')
  const config = useCityConfig()
  const [map, setMap] = useState<L.Map | null>(null)
  const incidents = useDispatch((s) => s.incidents)
  const teams = useDispatch((s) => s.teams)
  const destinations = useDispatch((s) => s.destinations)
  const now = useNow(30_000)
  const layers = useRef<{ incidents: L.LayerGroup; teams: L.LayerGroup; destinations: L.LayerGroup; link: L.Polyline } | null>(null)
  const markers = useRef({
    incidents: new Map<string, { m: L.Marker; key: string }>(),
    teams: new Map<string, { m: L.Marker; key: string }>(),
    destinations: new Map<string, { m: L.Marker; key: string }>(),
  })
  const select = useRef(onSelect)
  select.current = onSelect

  useEffect(() => {
    if (!map) return
    map.createPane('destinations').style.zIndex = '610'
    map.createPane('teams').style.zIndex = '620'
    map.createPane('incidents').style.zIndex = '630'
    layers.current = {
      destinations: L.layerGroup().addTo(map),
      teams: L.layerGroup().addTo(map),
      incidents: L.layerGroup().addTo(map),
      link: L.polyline([], { color: '#1565c0', weight: 3, dashArray: '6 6', opacity: 0.8, interactive: false }).addTo(map),
    }
  }, [map])

  // Incidents: open ones only; closed ones leave the map.
  useEffect(() => {
    const l = layers.current
    if (!l) return
    const seen = new Set<string>()
    for (const i of incidents.values()) {
      if (!OPEN_STATUSES.includes(i.status)) continue
      seen.add(i.id)
      const key = `${i.status}|${i.priority}|${i.id === selectedId}|${i.location.lat},${i.location.lon}`
      const have = markers.current.incidents.get(i.id)
      if (have && have.key === key) continue
      if (have) {
        have.m.setLatLng([i.location.lat, i.location.lon]).setIcon(incidentIcon(i, i.id === selectedId))
        have.m.setZIndexOffset(i.id === selectedId ? 1000 : 0)
        have.key = key
      } else {
        const m = L.marker([i.location.lat, i.location.lon], {
          icon: incidentIcon(i, i.id === selectedId),
          pane: 'incidents',
          keyboard: true,
          title: t(`common:category.${i.category}`),
          riseOnHover: true,
        })
        m.on('click', () => select.current(i.id))
        m.addTo(l.incidents)
        markers.current.incidents.set(i.id, { m, key })
      }
    }
    for (const [id, { m }] of markers.current.incidents) {
      if (!seen.has(id)) {
        m.remove()
        markers.current.incidents.delete(id)
      }
    }
  }, [incidents, selectedId, t, map])

  useEffect(() => {
    const l = layers.current
    if (!l) return
    const staleMs = config.stalePositionMin * 60_000
    const seen = new Set<string>()
    for (const team of teams.values()) {
      const p = team.position
      if (!p) continue
      seen.add(team.id)
      const stale = p.stale || now - Date.parse(p.receivedAt) > staleMs
      const phone = phoneState(team)
      const ago = agoText(t, now, p.receivedAt)
      const key = `${team.status}|${stale}|${p.lat},${p.lon}|${team.callSign}|${phone}|${ago}`
      const have = markers.current.teams.get(team.id)
      const phoneText = phone === 'unknown' ? '' : `${escapeHtml(t(phone === 'on' ? 'teams.phoneOn' : 'teams.phoneOff'))}<br>`
      const tip = `<strong>${escapeHtml(team.callSign)}</strong> · ${escapeHtml(team.name)}<br>${escapeHtml(t(`common:teamStatus.${team.status}`))}${stale ? ` · ${escapeHtml(t('teams.stale'))}` : ''}<br>${phoneText}±${Math.round(p.accuracyM)} m · ${escapeHtml(t('teams.updated', { ago }))}`
      if (have && have.key === key) continue
      if (have) {
        have.m.setLatLng([p.lat, p.lon]).setIcon(teamIcon(team, stale)).setTooltipContent(tip)
        have.key = key
      } else {
        const m = L.marker([p.lat, p.lon], { icon: teamIcon(team, stale), pane: 'teams', keyboard: false }).bindTooltip(tip, { direction: 'top', offset: [0, -12] })
        m.addTo(l.teams)
        markers.current.teams.set(team.id, { m, key })
      }
    }
    for (const [id, { m }] of markers.current.teams) {
      if (!seen.has(id)) {
        m.remove()
        markers.current.teams.delete(id)
      }
    }
  }, [teams, now, config.stalePositionMin, t, map])

  useEffect(() => {
    const l = layers.current
    if (!l) return
    const seen = new Set<string>()
    for (const d of destinations.values()) {
      if (!d.active) continue
      seen.add(d.id)
      const key = `${d.occupancy}|${d.capacity}|${d.name}|${d.isExample}|${t('common:example')}`
      const have = markers.current.destinations.get(d.id)
      if (have && have.key === key) continue
      const freeLabel = d.free !== null && d.free <= 0 ? t('destinations.full') : t('destinations.freeShort', { free: d.free ?? 0 })
      const cap = d.capacity === null ? t('destinations.noCapacity') : `${d.occupancy}/${d.capacity} · ${d.free && d.free > 0 ? t('destinations.free', { count: d.free }) : t('destinations.full')}`
      const tip = `${d.isExample ? `<span class="badge badge-example">${escapeHtml(t('common:example'))}</span> ` : ''}<strong>${escapeHtml(d.name)}</strong><br>${escapeHtml(t(`common:destinationKind.${d.kind}`))} · ${escapeHtml(cap)}<br>${escapeHtml(t('destinations.hours'))}: ${escapeHtml(d.openingHours)}`
      if (have) {
        have.m.setIcon(destinationIcon(d, t('common:example'), freeLabel)).setTooltipContent(tip)
        have.key = key
      } else {
        const m = L.marker([d.location.lat, d.location.lon], { icon: destinationIcon(d, t('common:example'), freeLabel), pane: 'destinations', keyboard: false }).bindTooltip(tip, {
          direction: 'top',
          offset: [0, -10],
        })
        m.addTo(l.destinations)
        markers.current.destinations.set(d.id, { m, key })
      }
    }
    for (const [id, { m }] of markers.current.destinations) {
      if (!seen.has(id)) {
        m.remove()
        markers.current.destinations.delete(id)
      }
    }
  }, [destinations, t, map])

  // A dashed line from the selected incident to its team.
  const selected = selectedId ? incidents.get(selectedId) : undefined
  const linkedTeam = selected?.teamId ? teams.get(selected.teamId) : undefined
  useEffect(() => {
    const l = layers.current
    if (!l) return
    if (selected && linkedTeam?.position && OPEN_STATUSES.includes(selected.status)) {
      l.link.setLatLngs([
        [linkedTeam.position.lat, linkedTeam.position.lon],
        [selected.location.lat, selected.location.lon],
      ])
    } else l.link.setLatLngs([])
  }, [selected, linkedTeam, map])

  // Pan to an incident when asked (queue click, alert "open").
  useEffect(() => {
    if (!map || !focus) return
    const i = incidents.get(focus.id)
    if (!i) return
    const zoom = Math.max(map.getZoom(), 15)
    // On a wide screen the incident panel covers the map's right side: centre the incident
    // in the part that stays visible.
    const offset = map.getSize().x > 900 ? PANEL_WIDTH_PX / 2 : 0
    const centre = map.unproject(map.project([i.location.lat, i.location.lon], zoom).add([offset, 0]), zoom)
    map.flyTo(centre, zoom, { duration: 0.6 })
    // Only a new focus request moves the map, not every incident update.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [map, focus])

  return (
    <MapView className="dispatch-map" testId="dispatch-map" onReady={setMap} labels fitCity>
      <MapLegend />
    </MapView>
  )
}
