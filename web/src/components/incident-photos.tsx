import { useEffect, useState } from 'react'
import { API } from '@shared/api.js'
import { api } from '../lib/api.js'
import type { PhotoMeta } from '@shared/photos.js'

/**
 * GET /api/incidents/:id/photos. The server defines this shape in server/photos (not shared/);
 * moving it to shared/ removes this copy.
 */

/** The reporter's photos as thumbnails (each opens full size); nothing when there are none. */
export function IncidentPhotos({ incidentId, refresh, label }: { incidentId: string; refresh?: unknown; label: string }) {
  const [photos, setPhotos] = useState<PhotoMeta[]>([])
  useEffect(() => {
    let live = true
    api<PhotoMeta[]>('GET', `${API.incidents}/${incidentId}/photos`).then(
      (p) => live && setPhotos(p),
      () => {
        /* photos are a help, not essential: the case works without them */
      },
    )
    return () => {
      live = false
    }
  }, [incidentId, refresh])
  if (photos.length === 0) return null
  return (
    <div className="incident-photos" data-testid="incident-photos">
      <div className="small muted">{label}</div>
      <div className="row-wrap">
        {photos.map((p) => (
          <a key={p.id} href={`/api/photos/${p.id}`} target="_blank" rel="noopener">
            <img src={`/api/photos/${p.id}`} alt={label} loading="lazy" />
          </a>
        ))}
      </div>
    </div>
  )
}
