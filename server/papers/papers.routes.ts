import { Hono, type Context } from 'hono'
import { z } from 'zod'
import { PERMISSIONS } from '../auth/policy.js'
import { allow, type IdentityEnv } from '../http/identity.js'
import type { ApiDocs } from '../http/openapi.js'
import { param } from '../http/validate.js'
import type { Services } from '../services.js'

const caller = (c: Context<IdentityEnv>) => ({ who: c.get('identity'), requestId: c.get('requestId') })
const pdf = (c: Context<IdentityEnv>, bytes: Uint8Array, name: string) => {
  c.header('Content-Type', 'application/pdf')
  // Inline, so the browser's viewer opens it for printing; no-store as every API response.
  c.header('Content-Disposition', `inline; filename="${name}"`)
  return c.body(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer)
}

/** Printable papers: the handover record and the release-to-family agreement (PDF, Bahasa Indonesia). */
export function papersRoutes(s: Services, docs: ApiDocs) {
  docs.describe({ method: 'get', path: '/api/handovers/:id/bast.pdf', tag: 'Papers', summary: 'Berita Acara Serah Terima of a handover, as a PDF (logged)', roles: [...PERMISSIONS['paper.read']] })
  docs.describe({ method: 'get', path: '/api/stays/:id/release.pdf', tag: 'Papers', summary: 'The release-to-family agreement of a stay, as a PDF (logged)', roles: [...PERMISSIONS['paper.read']] })
  return new Hono<IdentityEnv>()
    .get('/handovers/:id/bast.pdf', allow('paper.read'), async (c) => {
      const id = param(c, 'id', z.uuid())
      return pdf(c, await s.papers.handoverRecord(id, caller(c)), `BAST-${id.slice(0, 8)}.pdf`)
    })
    .get('/stays/:id/release.pdf', allow('paper.read'), async (c) => {
      const id = param(c, 'id', z.uuid())
      return pdf(c, await s.papers.releaseAgreement(id, caller(c)), `penyerahan-keluarga-${id.slice(0, 8)}.pdf`)
    })
}
