import type { Context } from 'hono'
import { paperEndpoints as api } from '@shared/endpoints/papers.js'
import type { Bind } from '../http/endpoint.js'
import type { IdentityEnv } from '../http/identity.js'
import type { Services } from '../services.js'

const pdf = (c: Context<IdentityEnv>, bytes: Uint8Array, name: string) => {
  c.header('Content-Type', 'application/pdf')
  // Inline, so the browser's viewer opens it for printing; no-store as every API response.
  c.header('Content-Disposition', `inline; filename="${name}"`)
  return c.body(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer)
}

/** Printable papers: the handover record and the release-to-family agreement (PDF, Bahasa Indonesia). */
export function papersRoutes(on: Bind, s: Services) {
  on(api.handoverRecord, async ({ params, caller, c }) => pdf(c, await s.papers.handoverRecord(params.id, caller), `BAST-${params.id.slice(0, 8)}.pdf`))
  on(api.releaseAgreement, async ({ params, caller, c }) => pdf(c, await s.papers.releaseAgreement(params.id, caller), `penyerahan-keluarga-${params.id.slice(0, 8)}.pdf`))
}
