import { z } from 'zod'
import { API } from '../api.js'
import { endpoint } from '../endpoint.js'

const tag = 'Papers'
const ById = z.object({ id: z.uuid() })

/** Printable papers (PDF, Bahasa Indonesia). */
export const paperEndpoints = {
  handoverRecord: endpoint({
    method: 'get',
    path: `${API.handovers}/:id/bast.pdf`,
    action: 'paper.read',
    tag,
    summary: 'Berita Acara Serah Terima of a handover, as a PDF (logged)',
    params: ById,
    produces: ['application/pdf'],
  }),
  releaseAgreement: endpoint({
    method: 'get',
    path: `${API.stays}/:id/release.pdf`,
    action: 'paper.read',
    tag,
    summary: 'The release-to-family agreement of a stay, as a PDF (logged)',
    params: ById,
    produces: ['application/pdf'],
  }),
}
