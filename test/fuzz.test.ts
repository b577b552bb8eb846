import fc from 'fast-check'
import { io } from 'socket.io-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BACKENDS } from './support/backends.js'
import { near, startTestServer, type Role, type TestServer } from './support/server.js'

/**
 * Hostile input never gets a 5xx. Every endpoint in the app's own OpenAPI document is called
 * with bodies, path ids and queries generated from its schemas, with hostile values mixed in
 * (NUL and control characters, unpaired surrogates, huge numbers, year 0000, wrong types, deep
 * nesting, bad uuids, raw percent escapes), as every role, with and without an
 * Idempotency-Key; then socket.io handshakes with hostile `auth` payloads. The test fails on
 * any 5xx (listing each failing request), on anything the server logs as an error, or if the
 * server stops answering.
 *
 * The run is seeded, so it is the same every time. For a longer hunt:
 *   FUZZ_SEED=7 FUZZ_HTTP_RUNS=20000 FUZZ_SOCKET_RUNS=2000 npx vitest run test/fuzz.test.ts
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20261125)
/**
 * The run's requests are shared out between the backends, each with its own seed: with
 * PGlite and Postgres, 1,500 different requests each instead of the same 3,000 twice. The
 * run still sends 3,000 different requests (and 200 handshakes), and each backend still
 * gets every documented operation (asserted below); the backends are the same Postgres
 * engine behind two drivers, so a request is not repeated only to ask the same question.
 * FUZZ_HTTP_RUNS and FUZZ_SOCKET_RUNS, when set, are per backend.
 */
const HTTP_RUNS = Number(process.env.FUZZ_HTTP_RUNS ?? Math.ceil(3000 / BACKENDS.length))
const SOCKET_RUNS = Number(process.env.FUZZ_SOCKET_RUNS ?? Math.ceil(200 / BACKENDS.length))
const ROLES: Role[] = ['citizen', 'dispatcher', 'admin', 'viewer', 'call_taker', 'team', 'facility']

// --- hostile values -------------------------------------------------------------------

const HOSTILE_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\u0001\u0002\u001b[31m',
  '\u007f\u0085\u009f',
  'tab\there',
  'line\nbreak\r\n',
  '\ud800',
  'x\udfff',
  '\udbff\ud800',
  '\u202eevil',
  '\ufeff',
  '\u2028\u2029',
  '😀🇮🇩',
  'Ñandú ñ',
  'جاكرتا',
  "' or 1=1 --",
  '"; drop table incidents; --',
  '$1',
  '../../etc/passwd',
  '<script>alert(1)</script>',
  '{{7*7}}',
  '%s%n',
  '0000-01-01T00:00:00Z',
  '0000-00-00',
  '9999-12-31T23:59:59Z',
  '2026-02-30T00:00:00Z',
  '2026-01-01T00:00:00+99:99',
  '1970-01-01T00:00:00Z',
  '-1',
  '0',
  '1e309',
  '-0',
  'NaN',
  'Infinity',
  '9223372036854775808',
  'null',
  'true',
  '[]',
  '{}',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  '00000000-0000-4000-8000-00000000000g',
  'not-a-uuid',
  'x'.repeat(5000),
  'open,closed,open',
  'open,,',
  ',',
  '__proto__',
  'constructor',
]
// NUL (which Postgres refuses) is weighted up: it is the one that used to reach the database.
const CONTROL_CHARS = ['\u0000', '\u0000', '\u0000', '\u0001', '\u0008', '\u000b', '\u001b', '\u007f', '\u0085', '\u009f', '\ud800', '\udfff', '\t', '\n', '\r']
const hostileString = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
  // An ordinary-looking string with one control character or unpaired surrogate inside.
  { weight: 4, arbitrary: fc.tuple(fc.string({ unit: 'grapheme', maxLength: 8 }), fc.constantFrom(...CONTROL_CHARS), fc.string({ unit: 'grapheme', maxLength: 8 })).map(([a, c, b]) => a + c + b) },
  // Any UTF-16 code units.
  { weight: 1, arbitrary: fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 24 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 24 }) },
)
const HOSTILE_DATES = [
  '0000-01-01T00:00:00Z',
  '0000-12-31T23:59:59+14:00',
  '9999-12-31T23:59:59.999Z',
  '1900-01-01T00:00:00Z',
  '2026-11-25T08:00:00-23:59',
  '2026-02-29T00:00:00Z',
  '2026-11-25',
  '2026-11-25T08:00:00',
]
const hostileNumber = fc.oneof(
  fc.constantFrom(1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, -(2 ** 63), 2 ** 31, 2 ** 53, -1, -0, 0.5, 1e-320, 0),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
)
/** A JSON value of the wrong type or shape for wherever it lands. */
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  hostileNumber,
  fc.constantFrom(null, true, false, [], {}, [null], { __proto__: null, constructor: { prototype: { admin: true } } }),
  fc.constant(JSON.parse('{"__proto__": {"role": "admin"}}')),
  fc.array(hostileString, { maxLength: 3 }),
)
/** Headers a client controls (a value may hold any Latin-1 character but controls other than tab). */
const HOSTILE_HEADERS: Record<string, string>[] = [
  { Cookie: 'trc_session=%00' },
  { Cookie: 'trc_session=%zz; trc_session=x' },
  { Cookie: `trc_session=${'x'.repeat(4000)}` },
  { Authorization: 'Bearer %00' },
  { Authorization: `Bearer ${'\u00ff'.repeat(300)}` },
  { Authorization: 'Basic Zm9vOmJhcg==' },
  { 'X-Request-Id': '\u00ff%00\u00a0' },
  { 'X-Request-Id': 'r'.repeat(2000) },
  { 'X-Forwarded-For': '\u00ff, %00, 999.1.1.1' },
  { 'X-TRC-Tracking-Code': '\u00ff\u00ff' },
  { 'X-CSRF-Token': '%00' },
  { Origin: 'http://evil.example' },
  { 'Content-Type': 'text/plain; charset=\u00ff' },
]

/** Raw URL text, not re-encoded: malformed escapes, overlong and surrogate UTF-8, NUL. */
const RAW_URL_PIECES = ['%00', 'a%00', '%zz', '%', '%C0%80', '%ED%A0%80', '%FF%FE', '..%2F..%2Fetc', '%2e%2e', '%E2%80%AE', '%0d%0a']

/** encodeURIComponent, except that unpaired surrogates (which it refuses) become their own broken UTF-8. */
function encode(s: string): string {
  try {
    return encodeURIComponent(s)
  } catch {
    return [...s]
      .map((ch) => (ch.length === 1 && ch >= '\ud800' && ch <= '\udfff' ? '%ED%' + (0x80 | ((ch.charCodeAt(0) >> 6) & 0x3f)).toString(16).toUpperCase() + '%80' : encodeURIComponent(ch)))
      .join('')
  }
}
const urlPiece = (valid: fc.Arbitrary<string>) =>
  fc.oneof({ weight: 3, arbitrary: valid.map(encode) }, { weight: 2, arbitrary: hostileString.map(encode) }, { weight: 1, arbitrary: fc.constantFrom(...RAW_URL_PIECES) })

// --- requests from the OpenAPI document -------------------------------------------------

type JsonSchema = {
  type?: string | string[]
  enum?: unknown[]
  format?: string
  pattern?: string
  minimum?: number
  maximum?: number
  minLength?: number
  maxLength?: number
  properties?: Record<string, JsonSchema>
  required?: string[]
  items?: JsonSchema
  anyOf?: JsonSchema[]
  oneOf?: JsonSchema[]
  allOf?: JsonSchema[]
}
type Operation = {
  method: string
  /** The path with `{name}` placeholders. */
  path: string
  /** Who may call it, read from the document ("Roles: a, b." or public). */
  roles: Role[]
  params: string[]
  query: { name: string; schema: JsonSchema }[]
  body: JsonSchema | null
}
interface FuzzRequest {
  method: string
  url: string
  role: Role
  headers: Record<string, string>
  body?: string
}

/** Real ids by kind, so well-formed requests reach the services and not only the validators. */
interface Fixtures {
  incidents: string[]
  teams: string[]
  destinations: string[]
  users: string[]
  trackingCodes: string[]
}
const MISSING_IDS = ['00000000-0000-4000-8000-000000000000', 'ffffffff-ffff-4fff-bfff-ffffffffffff']

/** An id of the kind a field or path names (teamId, /api/teams/{id}, into…), sometimes one that does not exist. */
function idFor(hint: string, fx: Fixtures): fc.Arbitrary<string> {
  const known = /team/i.test(hint)
    ? fx.teams
    : /destination/i.test(hint)
      ? fx.destinations
      : /user/i.test(hint)
        ? fx.users
        : /incident|into|record/i.test(hint)
          ? fx.incidents
          : [...fx.incidents, ...fx.teams, ...fx.destinations]
  return fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...known) }, { weight: 1, arbitrary: fc.constantFrom(...MISSING_IDS) }, { weight: 1, arbitrary: fc.uuid() })
}

/**
 * How often a leaf is replaced by a hostile value: never (the request should be accepted),
 * exactly once (one bad field in an otherwise complete, good request: what gets past the
 * first check and reaches the database; see oneBad), rarely, or often.
 */
const HOSTILITY = { none: 0, one: 0, rare: 2, often: 8 } as const
type Hostility = keyof typeof HOSTILITY

/** Values for a schema: well-formed ones, with hostile ones mixed in at every level. */
function valueFor(schema: JsonSchema, fx: Fixtures, hostility: Hostility, hint = '', depth = 0): fc.Arbitrary<unknown> {
  if (depth > 4) return hostileValue
  const variants = schema.anyOf ?? schema.oneOf ?? schema.allOf
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : []
  let valid: fc.Arbitrary<unknown>
  if (variants) valid = fc.oneof(...variants.map((v) => valueFor(v, fx, hostility, hint, depth + 1)))
  else if (schema.enum) valid = fc.constantFrom(...schema.enum)
  else if (types.length > 1) valid = fc.oneof(...types.map((t) => valueFor({ ...schema, type: t }, fx, hostility, hint, depth)))
  else if (types[0] === 'null') valid = fc.constant(null)
  // The status filter is a comma-separated list the document can only call a string.
  else if (hint === 'status' && types[0] === 'string') valid = fc.constantFrom('open', 'reported,assigned', 'closed')
  else if (types[0] === 'string') valid = validString(schema, fx, hint)
  else if (types[0] === 'number' || types[0] === 'integer') {
    // Points inside the service area (Depok), so reports get past the area check.
    const [min, max] = hint === 'lon' ? [106.79, 106.84] : hint === 'lat' ? [-6.42, -6.38] : [schema.minimum ?? 0, schema.maximum ?? 1000]
    valid = types[0] === 'integer' ? fc.integer({ min: Math.ceil(min), max: Math.floor(max) }) : fc.double({ min, max, noNaN: true })
  } else if (types[0] === 'boolean') valid = fc.boolean()
  else if (types[0] === 'array') valid = fc.array(valueFor(schema.items ?? {}, fx, hostility, hint, depth + 1), { minLength: 1, maxLength: 4 })
  else if (types[0] === 'object' || schema.properties) {
    const props = Object.fromEntries(Object.entries(schema.properties ?? {}).map(([k, v]) => [k, valueFor(v, fx, hostility, k, depth + 1)]))
    valid = hostility === 'one' ? fc.record(props) : fc.record(props, { requiredKeys: hostility === 'none' ? (schema.required ?? []) : [] })
  } else valid = hostileValue
  const weight = HOSTILITY[hostility]
  return weight === 0 ? valid : fc.oneof({ weight: 30, arbitrary: valid }, { weight, arbitrary: hostileFor(types[0], schema.format) })
}

type Path = (string | number)[]
/** The paths of the primitive values inside a JSON value. */
function leaves(v: unknown, path: Path = []): Path[] {
  if (v !== null && typeof v === 'object') return Object.entries(v).flatMap(([k, x]) => leaves(x, [...path, Array.isArray(v) ? Number(k) : k]))
  return [path]
}
function replaceAt(v: unknown, path: Path, x: unknown): unknown {
  if (path.length === 0) return x
  const [head, ...rest] = path
  const copy: any = Array.isArray(v) ? [...v] : { ...(v as object) }
  copy[head!] = replaceAt(copy[head!], rest, x)
  return copy
}
/** A complete, valid value with exactly one leaf made hostile (of its own type, mostly). */
function oneBad(schema: JsonSchema, fx: Fixtures): fc.Arbitrary<unknown> {
  return valueFor(schema, fx, 'one').chain((v) => {
    const paths = leaves(v)
    return fc.nat(paths.length - 1).chain((i) => {
      const path = paths[i]!
      const leaf = path.reduce<any>((o, k) => o[k], v)
      const kind = typeof leaf === 'string' ? (/^\d{4}-\d\d-\d\dT/.test(leaf) ? 'date' : 'string') : typeof leaf
      return hostileFor(kind === 'date' ? 'string' : kind, kind === 'date' ? 'date-time' : undefined).map((x) => replaceAt(v, path, x))
    })
  })
}

/** A hostile value that mostly keeps the leaf's type (a string with a NUL, a date in year 0000), sometimes not. */
function hostileFor(type: string | undefined, format: string | undefined): fc.Arbitrary<unknown> {
  const typed =
    format === 'date-time' ? fc.oneof(fc.constantFrom(...HOSTILE_DATES), hostileString) : type === 'string' ? hostileString : type === 'number' || type === 'integer' ? hostileNumber : hostileValue
  return fc.oneof({ weight: 3, arbitrary: typed }, { weight: 1, arbitrary: hostileValue })
}

function validString(schema: JsonSchema, fx: Fixtures, hint: string): fc.Arbitrary<string> {
  if (schema.format === 'uuid') return idFor(hint, fx)
  if (schema.format === 'date-time') {
    return fc.date({ min: new Date('2001-01-01T00:00:00Z'), max: new Date('2099-01-01T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString())
  }
  if (schema.pattern) {
    try {
      return fc.stringMatching(new RegExp(schema.pattern))
    } catch {
      /* a pattern fast-check cannot generate from: fall through */
    }
  }
  const min = schema.minLength ?? 0
  return fc.string({ unit: 'grapheme', minLength: min, maxLength: Math.max(min, Math.min(schema.maxLength ?? 40, 40)) }).map((v) => (min > 0 && !v.trim() ? `x${v}` : v))
}

function operations(doc: any): Operation[] {
  const ops: Operation[] = []
  for (const [path, methods] of Object.entries<any>(doc.paths)) {
    for (const [method, op] of Object.entries<any>(methods)) {
      const parameters: any[] = op.parameters ?? []
      const roles = String(op.description ?? '')
        .match(/Roles: ([\w, ]+)\./)?.[1]
        ?.split(', ') as Role[] | undefined
      ops.push({
        method: method.toUpperCase(),
        path,
        roles: roles?.length ? roles : ['citizen'],
        params: parameters.filter((p) => p.in === 'path').map((p) => p.name),
        query: parameters.filter((p) => p.in === 'query').map((p) => ({ name: p.name, schema: p.schema ?? {} })),
        body: op.requestBody?.content?.['application/json']?.schema ?? null,
      })
    }
  }
  return ops
}

const asText = (v: unknown) => (typeof v === 'string' ? v : (JSON.stringify(v) ?? ''))

function requestFor(op: Operation, fx: Fixtures): fc.Arbitrary<FuzzRequest> {
  const pathHint = op.path.split('/')[2] ?? ''
  const pathParams = fc.tuple(...op.params.map((name) => urlPiece(name === 'code' ? fc.constantFrom(...fx.trackingCodes) : idFor(pathHint, fx))))
  const queryFor = (h: Hostility) =>
    fc.tuple(
      ...op.query.map((q) => {
        const value = valueFor(q.schema, fx, h, q.name).map(asText)
        return fc.option(h === 'often' ? urlPiece(value) : value.map(encode), { nil: undefined, freq: 1 })
      }),
    )
  const queryOneBad = op.query.length
    ? fc.nat(op.query.length - 1).chain((bad) =>
        fc.tuple(
          ...op.query.map((q, i) =>
            i === bad
              ? hostileFor(q.schema.type as string, q.schema.format).map((v) => encode(asText(v)))
              : fc.option(
                  valueFor(q.schema, fx, 'none', q.name).map((v) => encode(asText(v))),
                  { nil: undefined, freq: 1 },
                ),
          ),
        ),
      )
    : queryFor('none')
  const bodyFor = (h: Hostility) => (op.body ? (h === 'one' ? oneBad(op.body, fx) : valueFor(op.body, fx, h)).map((v) => JSON.stringify(v) ?? 'null') : fc.constant(undefined))
  const parts = fc
    .constantFrom<Hostility>('none', 'one', 'one', 'one', 'rare', 'often')
    .chain((h) => fc.record({ h: fc.constant(h), query: h === 'one' ? fc.oneof(queryOneBad, queryFor('none')) : queryFor(h), body: bodyFor(h) }))
  const extraQuery = fc.option(fc.tuple(fc.constantFrom('from', 'limit', 'kecamatan', 'x', '__proto__', 'all'), urlPiece(hostileString)), { nil: undefined, freq: 6 })
  const body = fc.oneof(
    { weight: 8, arbitrary: parts.map((p) => p.body) },
    { weight: 1, arbitrary: hostileValue.map((v) => JSON.stringify(v) ?? 'null') },
    // Malformed JSON and deep nesting are built as text: a value that deep would overflow JSON.stringify.
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        '{"a":',
        '',
        'null',
        '['.repeat(5000) + ']'.repeat(5000),
        '{"a":'.repeat(2000) + '1' + '}'.repeat(2000),
        '\u0000',
        '{"description":"\\u0000"}',
        '{"__proto__":{"x":1}}',
      ),
    },
  )
  const idempotencyKey = fc.oneof(
    { weight: 5, arbitrary: fc.constant(undefined) },
    { weight: 4, arbitrary: fc.stringMatching(/^[A-Za-z0-9_\-:.]{8,40}$/) },
    { weight: 1, arbitrary: fc.constantFrom('short', 'has space key', 'x'.repeat(200), 'fuzz-replay-key-1', '%00%00%00%00%00') },
  )
  const role = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...op.roles) }, { weight: 1, arbitrary: fc.constantFrom(...ROLES) })
  const extraHeader = fc.option(fc.constantFrom(...HOSTILE_HEADERS), { nil: undefined, freq: 8 })
  return fc.record({ role, pathParams, parts, extraQuery, body, idempotencyKey, extraHeader }).map(({ role, pathParams, parts, extraQuery, body, idempotencyKey, extraHeader }) => {
    let path = op.path
    op.params.forEach((name, i) => (path = path.replace(`{${name}}`, pathParams[i]!)))
    const query = op.query.flatMap((q, i) => (parts.query[i] === undefined ? [] : [`${q.name}=${parts.query[i]}`]))
    if (extraQuery) query.push(`${extraQuery[0]}=${extraQuery[1]}`)
    const headers: Record<string, string> = { ...extraHeader }
    if (idempotencyKey) headers['Idempotency-Key'] = idempotencyKey
    const hasBody = op.method !== 'GET' && body !== undefined
    if (hasBody) headers['content-type'] = 'application/json'
    // Signing out as a shared test session would end it for every later request.
    const as: Role = op.path === '/api/auth/logout' ? 'citizen' : role
    return { method: op.method, url: path + (query.length ? `?${query.join('&')}` : ''), role: as, headers, body: hasBody ? body : undefined }
  })
}

// --- socket handshakes --------------------------------------------------------------------

function socketAuth(fx: Fixtures, tokens: string[]): fc.Arbitrary<unknown> {
  const field = <T>(valid: fc.Arbitrary<T>, type: string) => fc.option(fc.oneof({ weight: 2, arbitrary: valid }, { weight: 2, arbitrary: hostileFor(type, undefined) }), { nil: undefined })
  return fc.oneof(
    {
      weight: 6,
      arbitrary: fc.record(
        { lastSeq: field(fc.nat(50), 'integer'), trackingCode: field(fc.constantFrom(...fx.trackingCodes), 'string'), token: field(fc.constantFrom(...tokens), 'string') },
        { requiredKeys: [] },
      ),
    },
    { weight: 1, arbitrary: hostileValue },
  )
}

type SocketOutcome = { connected: boolean; error?: string; ack?: unknown }

/** Connects with the payload, posts a hostile position if accepted, and reports what happened. */
function handshake(url: string, auth: unknown, position: unknown): Promise<SocketOutcome> {
  return new Promise((resolve) => {
    const sock = io(url, { auth: auth as Record<string, unknown>, transports: ['websocket'], reconnection: false, forceNew: true, timeout: 10_000 })
    let settled = false
    const done = (outcome: SocketOutcome) => {
      if (settled) return
      settled = true
      resolve(outcome)
      sock.disconnect()
    }
    sock.once('connect_error', (err) => done({ connected: false, error: err.message }))
    // socket.io itself drops a connection whose auth is not an object, without a connect_error.
    sock.io.on('close', (reason) => done({ connected: false, error: `closed: ${reason}` }))
    sock.once('connect', () => {
      sock.timeout(10_000).emit('team:position', position as never, (err: Error | null, ack: unknown) => done({ connected: true, ack: err ? `no ack: ${err.message}` : ack }))
    })
  })
}

const clip = (v: string) => (v.length > 300 ? v.slice(0, 300) + '…' : v)
const show = (r: FuzzRequest) => {
  const headers = Object.entries(r.headers).filter(([k]) => k !== 'content-type')
  return `${r.method} ${r.url} as ${r.role}${headers.length ? ` (${headers.map(([k, v]) => `${k}: ${clip(v)}`).join('; ')})` : ''}${r.body === undefined ? '' : ` body: ${clip(r.body)}`}`
}

describe.each(BACKENDS.map((backend, i) => ({ backend, name: backend.name, seed: SEED + i })))('hostile input on $name', ({ backend, seed }) => {
  let s: TestServer
  let fx: Fixtures
  let tokens: string[]
  let teamId: string
  const logged: string[] = []

  let facilityId: string | undefined
  /** A team member's team, a facility account's destination. */
  const boundTo = (role: Role) => (role === 'team' ? teamId : role === 'facility' ? facilityId : undefined)
  beforeAll(async () => {
    s = await startTestServer(backend)
    // Anything the server logs as an error is a failure it hid from the caller (e.g. inside a socket handshake).
    s.app.deps.logger.error = (msg, fields) => void logged.push(`${msg} ${JSON.stringify(fields ?? {})}`)
    const team = await s.createTeam('FZ1', near(50))
    const spareTeam = await s.createTeam('FZ2', near(900))
    teamId = team.id
    const incidents = [(await s.report({ location: near(80) })).body, (await s.report({ location: near(1500), category: 'elderly' })).body, (await s.report({ location: near(2500) })).body]
    const destination = (await s.call('POST', '/api/destinations', { role: 'admin', body: { name: 'Panti Fuzz', kind: 'panti', location: near(0), accepts: ['sick', 'elderly'] } })).body
    const spare = (await s.call('POST', '/api/users', { role: 'admin', body: { username: 'fuzz-spare', displayName: 'Spare', role: 'viewer', password: 'a long enough password' } })).body
    facilityId = destination.id
    for (const role of ROLES) await s.headersFor(role, boundTo(role))
    // Only the spare account's id is offered as a path id: the fuzzer must not disable the sessions it uses.
    fx = {
      incidents: incidents.map((i) => i.id),
      teams: [team.id, spareTeam.id],
      destinations: [destination.id],
      users: [spare.id],
      trackingCodes: [...incidents.map((i) => i.trackingCode), '0000000000000000'],
    }
    tokens = await Promise.all(ROLES.filter((r) => r !== 'citizen').map(async (r) => (await s.headersFor(r, boundTo(r))).Authorization!.slice('Bearer '.length)))
  })
  afterAll(async () => {
    await s?.close()
  })

  it('answers every generated request to every documented endpoint without a 5xx', async () => {
    logged.length = 0
    const doc = (await s.call('GET', '/api/openapi.json')).body
    const ops = operations(doc)
    expect(ops.length).toBeGreaterThan(30)
    const requests = fc.sample(
      fc.constantFrom(...ops).chain((op) => requestFor(op, fx).map((r) => ({ op, r }))),
      { seed, numRuns: HTTP_RUNS },
    )
    // Every documented operation gets called.
    expect(new Set(requests.map((x) => x.op)).size).toBe(ops.length)
    const failures: string[] = []
    let previous: FuzzRequest | null = null
    for (const { r } of requests) {
      const headers = { ...(await s.headersFor(r.role, boundTo(r.role))), ...r.headers }
      const send = async () => {
        const res = await fetch(s.url + r.url, { method: r.method, headers, body: r.body })
        return { res, text: await res.text() }
      }
      let res: Response
      let text: string
      try {
        // Retried once: after a pause (sampling the requests takes seconds) a pooled keep-alive
        // connection may be closed by the server just as it is reused, a client-side race.
        ;({ res, text } = await send().catch(send))
      } catch (err) {
        // A dropped connection can be the previous request's doing, so name both.
        failures.push(`no answer (${String((err as Error).cause ?? err)}) ← ${show(r)}${previous ? `, after ${show(previous)}` : ''}`)
        continue
      } finally {
        previous = r
      }
      if (res.status >= 500) failures.push(`${res.status} ← ${show(r)} → ${text.slice(0, 200)}`)
    }
    expect(failures, failures.join('\n')).toEqual([])
    expect(logged, logged.join('\n')).toEqual([])
    expect((await s.call('GET', '/health')).status).toBe(200)
    // Hundreds of requests, one at a time: on a loaded 2-core machine this has taken 60 s.
  }, 240_000)

  it('answers every hostile socket handshake and position with a refusal or an ack, never an internal error', async () => {
    logged.length = 0
    const cases = fc.sample(
      fc.tuple(
        socketAuth(fx, tokens),
        valueFor(
          {
            type: 'object',
            properties: {
              lon: { type: 'number', minimum: 106.7, maximum: 106.9 },
              lat: { type: 'number', minimum: -6.5, maximum: -6.3 },
              accuracyM: { type: 'number' },
              deviceTime: { type: 'string', format: 'date-time' },
            },
            required: ['lon', 'lat', 'accuracyM', 'deviceTime'],
          },
          fx,
          'rare',
        ),
      ),
      { seed, numRuns: SOCKET_RUNS },
    )
    const failures: string[] = []
    for (const [auth, position] of cases) {
      const outcome = await handshake(s.url, auth, position)
      const ack = outcome.ack as { ok?: boolean; error?: { code?: string } } | string | undefined
      if (typeof ack === 'string' || (ack && ack.ok === false && ack.error?.code === 'internal'))
        failures.push(`auth ${JSON.stringify(auth)} position ${JSON.stringify(position)} → ${JSON.stringify(outcome)}`)
    }
    await s.flush()
    expect(failures, failures.join('\n')).toEqual([])
    expect(logged, logged.join('\n')).toEqual([])
    expect((await s.call('GET', '/health')).status).toBe(200)
  })
})
