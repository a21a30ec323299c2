/**
 * Target names, meta and custom fields reach SQLite as bound parameters: SQL-looking, path-like
 * and arbitrary unicode strings come back byte for byte, and the schema survives them.
 */
import Database from 'better-sqlite3'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makePoster } from '../helpers/scenes.ts'
import { recordFigures } from './support/figures.ts'
import { SQL_STRINGS, TRAVERSAL_STRINGS } from './support/hostileRequests.ts'
import { type RealServer, TOKEN, startRealServer } from './support/realServer.ts'

const SEED = Number(process.env.RELIABILITY_SEED ?? 20_251_202)
const RUNS = 150

let server: RealServer
const headers = { 'Content-Type': 'application/json', Authorization: TOKEN }

interface WireTarget {
  targetId: string
  name: string
  meta: string
  [field: string]: unknown
}

async function call<R>(method: string, path: string, body?: object): Promise<{ statusCode: number; result: R }> {
  const res = await server.app.request(path, { method, headers, ...(body ? { body: JSON.stringify(body) } : {}) })
  return (await res.json()) as { statusCode: number; result: R }
}

function schema(): string[] {
  const db = new Database(server.dbPath, { readonly: true })
  try {
    return (db.prepare('SELECT type, name FROM sqlite_master ORDER BY type, name').all() as Array<{ type: string; name: string }>).map(
      (r) => `${r.type}:${r.name}`,
    )
  } finally {
    db.close()
  }
}

beforeAll(async () => {
  server = await startRealServer()
})

afterAll(async () => {
  await server?.close()
})

describe('hostile strings are stored as data', () => {
  it('creates targets named and described by SQL and path strings, and reads them back unchanged', async () => {
    const before = schema()
    const strings = [...SQL_STRINGS, ...TRAVERSAL_STRINGS.filter((s) => s.length > 0)]
    const ids: string[] = []
    for (const [i, text] of strings.entries()) {
      const image = (await makePoster(900 + i, { width: 320, height: 240 })).toString('base64')
      // allowSimilar: two posters may share features; similarity is not what this test is about.
      const created = await call<{ target: WireTarget }>('POST', '/targets', {
        image,
        name: text,
        meta: text,
        note: text,
        allowSimilar: '1',
      })
      expect(created.statusCode).toBe(0)
      const id = created.result.target.targetId
      ids.push(id)
      const read = await call<WireTarget>('GET', `/target/${id}`)
      expect([read.result.name, read.result.meta, read.result.note]).toEqual([text, text, text])
    }
    const listed = await call<{ targets: WireTarget[] }>('GET', '/targets/infos?pageSize=100')
    expect(listed.result.targets.map((t) => t.name).sort()).toEqual([...strings].sort())
    expect((await call<{ count: number }>('GET', '/targets/count')).result.count).toBe(strings.length)
    expect(schema()).toEqual(before)
    recordFigures('storage', { sqlAndPathStringsStored: strings.length })
  })

  it('round-trips arbitrary unicode names, meta and custom fields through PUT and GET', async () => {
    const [target] = (await call<{ targets: WireTarget[] }>('GET', '/targets/infos?pageSize=1')).result.targets
    if (!target) throw new Error('the previous test stores targets')
    const before = schema()
    let refused = 0
    const nameArb = fc.oneof(
      fc.string({ unit: 'grapheme', minLength: 1, maxLength: 64 }),
      fc.string({ unit: 'binary', minLength: 1, maxLength: 70 }),
      fc.constantFrom(...SQL_STRINGS),
    )
    const text = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 200 }),
      fc.string({ unit: 'binary', maxLength: 200 }),
      fc.constantFrom(...SQL_STRINGS, ...TRAVERSAL_STRINGS),
    )
    await fc.assert(
      fc.asyncProperty(nameArb, text, text, async (name, meta, note) => {
        const put = await call<{ target: WireTarget }>('PUT', `/target/${target.targetId}`, { name, meta, note })
        // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
        const valid = name.length <= 64 && !/[\u0000-\u001f\u007f]/.test(name)
        if (!valid) {
          refused++
          expect(put.statusCode).toBe(414)
          return
        }
        expect(put.statusCode).toBe(0)
        const read = await call<WireTarget>('GET', `/target/${target.targetId}`)
        expect([read.result.name, read.result.meta, read.result.note]).toEqual([name, meta, note])
      }),
      { seed: SEED, numRuns: RUNS },
    )
    expect(schema()).toEqual(before)
    recordFigures('storage', { unicodeRoundTrips: RUNS - refused, refusedNamesWithControlChars: refused })
  })
})
