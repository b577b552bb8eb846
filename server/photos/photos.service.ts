import type { Deps } from '../context.js'
import { AppError, notFound } from '../errors.js'
import type { Caller, Identity } from '../http/identity.js'
import type { AuthService } from '../auth/auth.service.js'
import type { ReadScope } from '../auth/read-scope.js'
import { incidentsRepository } from '../incidents/incidents.repository.js'
import { photosRepository } from './photos.repository.js'

export const MAX_PHOTOS_PER_INCIDENT = 3

/** The image type from the file's first bytes (its real content), or null. */
export function sniffImage(b: Uint8Array): 'image/jpeg' | 'image/png' | 'image/webp' | null {
  const at = (i: number, bytes: number[]) => bytes.every((v, k) => b[i + k] === v)
  if (b.length > 3 && at(0, [0xff, 0xd8, 0xff])) return 'image/jpeg'
  if (b.length > 8 && at(0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png'
  if (b.length > 12 && at(0, [0x52, 0x49, 0x46, 0x46]) && at(8, [0x57, 0x45, 0x42, 0x50])) return 'image/webp'
  return null
}

export type { PhotoMeta } from '@shared/photos.js'
import type { PhotoMeta } from '@shared/photos.js'

export class PhotosService {
  constructor(
    private readonly d: Deps,
    private readonly auth: AuthService,
    private readonly scope: ReadScope,
  ) {}

  /** A reporter (holding the tracking code), the team that found the case on patrol, or a call-taker/dispatcher adds a photo to a report. */
  async add(incidentId: string, bytes: Uint8Array, who: Identity, trackingCode: string | undefined): Promise<PhotoMeta> {
    const incident = await incidentsRepository.get(this.d.db.sql, incidentId)
    if (!incident) throw notFound('Incident', incidentId)
    const staff = ['dispatcher', 'call_taker', 'admin'].includes(who.role)
    // A team photographs the case it found on patrol (decision 015): it is the reporter there.
    const finder = who.role === 'team' && incident.source === 'patrol' && who.teamId !== null && who.teamId === incident.teamId
    if (!staff && !finder && (!trackingCode || trackingCode !== incident.trackingCode)) {
      throw new AppError('forbidden', 'Only the reporter (with the tracking code), the team that found the person on patrol, or a dispatcher can add a photo')
    }
    if (bytes.length > this.d.config.MAX_PHOTO_BYTES) throw new AppError('payload_too_large', `A photo may be at most ${this.d.config.MAX_PHOTO_BYTES} bytes`)
    const type = sniffImage(bytes)
    if (!type) throw new AppError('validation_failed', 'The file is not a JPEG, PNG or WebP image', [{ path: '(body)', message: 'not an image' }])
    return this.d.transaction(async (tx, uow) => {
      const photo = await photosRepository.insertWithinLimit(tx, { id: this.d.ids.uuid(), incidentId, contentType: type, bytes, createdAt: this.d.clock.now() }, MAX_PHOTOS_PER_INCIDENT)
      if (photo === null) throw notFound('Incident', incidentId)
      if (photo === 'full')
        throw new AppError('conflict', `A report can have at most ${MAX_PHOTOS_PER_INCIDENT} photos`, [{ path: '(body)', message: `photo limit of ${MAX_PHOTOS_PER_INCIDENT} reached` }])
      uow.log({ type: 'incident.photo_added', actor: who.actor, incidentId, teamId: incident.teamId, data: { photoId: photo.id, contentType: type, size: bytes.length } })
      return photo
    })
  }

  list(incidentId: string): Promise<PhotoMeta[]> {
    return photosRepository.list(this.d.db.sql, incidentId)
  }

  get(id: string): Promise<{ incidentId: string; contentType: string; bytes: Uint8Array } | null> {
    return photosRepository.get(this.d.db.sql, id)
  }

  /** A report's photos, if the caller may read the case now. */
  async listFor(caller: Caller, incidentId: string): Promise<PhotoMeta[]> {
    await this.assertCanReadCase(caller, incidentId)
    return this.list(incidentId)
  }

  /** One photo, if the caller may read its case now; every read is logged. */
  async read(caller: Caller, id: string): Promise<{ incidentId: string; contentType: string; bytes: Uint8Array }> {
    const photo = await this.get(id)
    if (!photo) throw new AppError('not_found', 'No such photo')
    await this.assertCanReadCase(caller, photo.incidentId)
    await this.auth.logAccess(caller.who, 'photo', [photo.incidentId], 'photo', caller.requestId)
    return photo
  }

  private async assertCanReadCase(caller: Caller, incidentId: string): Promise<void> {
    const incident = await incidentsRepository.get(this.d.db.sql, incidentId)
    if (!incident) throw notFound('Incident', incidentId)
    await this.scope.assertCanRead(caller.who, incident)
  }
}
