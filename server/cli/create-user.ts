/**
 * Creates an account from the command line (e.g. the first admin on a fresh install):
 *   npm run create-user -- <username> <role> [teamId | destinationId]   (password read from TRC_PASSWORD or stdin)
 *   (a team member names their team; a facility account the destination it works at)
 * Stop the server first when it uses the embedded database (one process per data folder).
 */
import { createInterface } from 'node:readline/promises'
import { CreateUserSchema } from '@shared/auth.js'
import { createApp } from '../app.js'
import { loadConfig } from '../config.js'
import { openDatabase } from '../db/database.js'

async function readPassword(): Promise<string> {
  if (process.env.TRC_PASSWORD) return process.env.TRC_PASSWORD
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: false })
  process.stderr.write('Password (at least 10 characters): ')
  const line = (await rl[Symbol.asyncIterator]().next()).value as string | undefined
  rl.close()
  return (line ?? '').trim()
}

async function main() {
  const [username, role = 'admin', boundTo] = process.argv.slice(2)
  const input = CreateUserSchema.safeParse({
    username,
    displayName: username,
    role,
    teamId: role === 'team' ? boundTo : undefined,
    destinationId: role === 'facility' ? boundTo : undefined,
    password: await readPassword(),
  })
  if (!input.success) {
    console.error(input.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n'))
    process.exit(2)
  }
  const config = loadConfig()
  const db = await openDatabase({ url: config.DATABASE_URL, dataDir: config.DATA_DIR })
  try {
    const app = createApp({ db, config })
    const user = await app.services.auth.createUser(input.data)
    console.log(`Created ${user.role} account ${user.username} (${user.id})`)
  } finally {
    await db.close()
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err)
  process.exit(1)
})
