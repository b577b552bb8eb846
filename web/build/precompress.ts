import fs from 'node:fs/promises'
import path from 'node:path'
import { promisify } from 'node:util'
import { brotliCompress, constants, gzip } from 'node:zlib'
import type { Plugin } from 'vite'

const brotli = promisify(brotliCompress)
const gzipAsync = promisify(gzip)

/** What is worth compressing: text. Images and fonts are compressed already. */
const TEXT_FILE = /\.(?:js|mjs|css|html|svg|json|webmanifest|txt)$/
const MIN_BYTES = 1024

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true })
  const nested = await Promise.all(entries.map((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : Promise.resolve([path.join(dir, e.name)]))))
  return nested.flat()
}

/**
 * Writes `x.br` and `x.gz` beside every text file of the build, at the highest settings (done
 * once, so the server never spends CPU on them: server/web.ts serves them with
 * `precompressed`). A copy that is not smaller than the file is not written.
 */
export async function precompressDir(dir: string): Promise<{ file: string; bytes: number; br: number; gz: number }[]> {
  const files = (await filesUnder(dir)).filter((f) => TEXT_FILE.test(f))
  return Promise.all(
    files.map(async (file) => {
      const body = await fs.readFile(file)
      if (body.length < MIN_BYTES) return { file, bytes: body.length, br: body.length, gz: body.length }
      const [br, gz] = await Promise.all([
        brotli(body, { params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } }),
        gzipAsync(body, { level: constants.Z_BEST_COMPRESSION }),
      ])
      if (br.length < body.length) await fs.writeFile(`${file}.br`, br)
      if (gz.length < body.length) await fs.writeFile(`${file}.gz`, gz)
      return { file, bytes: body.length, br: br.length, gz: gz.length }
    }),
  )
}

/** The Vite side: precompresses the output folder once the bundle is written. */
export function precompress(): Plugin {
  let outDir = ''
  return {
    name: 'trc-precompress',
    apply: 'build',
    enforce: 'post',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir)
    },
    async closeBundle() {
      await precompressDir(outDir)
    },
  }
}
