/**
 * `npm start` runs this before the server: builds the web app (dist/web) only when its sources
 * changed since the last build, so a restart does not spend seconds rebuilding the same files.
 * The sources are web/, shared/, the Vite config and the lock file; their content hash is kept
 * beside the build. `--force` always builds.
 */
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'vite'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const OUT = path.join(ROOT, 'dist/web')
const STAMP = path.join(OUT, '.source-hash')
const INPUTS = ['web', 'shared', 'vite.config.ts', 'package-lock.json']

function filesUnder(p: string): string[] {
  if (!fs.existsSync(p)) return []
  if (!fs.statSync(p).isDirectory()) return [p]
  return fs
    .readdirSync(p, { withFileTypes: true })
    .filter((e) => e.name !== 'node_modules' && !e.name.startsWith('.'))
    .flatMap((e) => filesUnder(path.join(p, e.name)))
}

export function sourceHash(root: string = ROOT): string {
  const hash = createHash('sha256')
  for (const file of INPUTS.flatMap((i) => filesUnder(path.join(root, i))).sort()) {
    hash.update(path.relative(root, file)).update('\0').update(fs.readFileSync(file)).update('\0')
  }
  return hash.digest('hex')
}

async function main() {
  const force = process.argv.includes('--force')
  const hash = sourceHash()
  const built = fs.existsSync(path.join(OUT, 'index.html')) && fs.existsSync(STAMP) && fs.readFileSync(STAMP, 'utf8') === hash
  if (built && !force) {
    console.log('Web app is up to date (dist/web); not rebuilding.')
    return
  }
  console.log('Building the web app (dist/web)…')
  await build({ configFile: path.join(ROOT, 'vite.config.ts'), mode: 'production', logLevel: 'warn' })
  fs.writeFileSync(STAMP, hash)
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err)
  process.exit(1)
})
