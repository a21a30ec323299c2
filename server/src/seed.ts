/**
 * @module
 * Loads a folder of target images (plus optional `<name>.json` meta sidecars) into the store.
 * Used by the dev server on first run (`seedSamples`) and by `crs import`.
 */
import { readdir } from 'node:fs/promises'
import { extname, join, parse } from 'node:path'
import type { RecognitionEngineApi, TargetRecord } from './engine/types.ts'
import { MAX_IMAGE_BYTES } from '../../src/protocol/statusCodes.ts'
import { readLimitedFile } from './core/readLimitedFile.ts'

export const IMAGE_EXTENSIONS = new Set(['.png', '.jpg', '.jpeg', '.webp'])

export interface FolderEntry {
  /** Target name: the image file name without its extension. */
  name: string
  imagePath: string
  /** The `<name>.json` sidecar, when present. */
  metaPath: string | undefined
}

/**
 * Meta as EasyAR expects it: base64 of UTF-8 text. JSON is minified first, so what the app
 * decodes is exactly `JSON.parse(atob(meta))`.
 */
export function encodeJsonMeta(jsonText: string): string {
  const minified = JSON.stringify(JSON.parse(jsonText))
  return Buffer.from(minified, 'utf8').toString('base64')
}

/** Image files of `dir`, sorted by name, each with its sidecar if one exists. */
export async function readTargetFolder(dir: string): Promise<FolderEntry[]> {
  const files = (await readdir(dir)).sort()
  const present = new Set(files)
  return files
    .filter((file) => IMAGE_EXTENSIONS.has(extname(file).toLowerCase()))
    .map((file) => {
      const name = parse(file).name
      return {
        name,
        imagePath: join(dir, file),
        metaPath: present.has(`${name}.json`) ? join(dir, `${name}.json`) : undefined,
      }
    })
}

export type ImportOutcome =
  | { name: string; action: 'added' | 'updated'; target: TargetRecord }
  | { name: string; action: 'skipped'; target: TargetRecord }
  | { name: string; action: 'failed'; error: Error }

/**
 * Adds (or, with `update`, re-uploads) one folder entry. Each call is its own engine transaction,
 * so one bad file does not undo the others.
 */
export async function importEntry(
  engine: RecognitionEngineApi,
  entry: FolderEntry,
  {
    update = false,
    checkMeta,
  }: {
    update?: boolean
    /** Checks the sidecar's parsed JSON; a returned message fails the entry (nothing is stored). */
    checkMeta?: (json: unknown, name: string) => string | null
  } = {},
): Promise<ImportOutcome> {
  const existing = engine.findTargetByName(entry.name)
  if (existing && !update) return { name: entry.name, action: 'skipped', target: existing }
  try {
    // Checked before reading: only regular files within the API's size limit (core/readLimitedFile.ts).
    const image = new Uint8Array(await readLimitedFile(entry.imagePath, MAX_IMAGE_BYTES))
    const metaText = entry.metaPath ? (await readLimitedFile(entry.metaPath, MAX_IMAGE_BYTES)).toString('utf8') : undefined
    const meta = metaText !== undefined ? encodeJsonMeta(metaText) : undefined
    const problem = metaText !== undefined && checkMeta ? checkMeta(JSON.parse(metaText), entry.name) : null
    if (problem) return { name: entry.name, action: 'failed', error: new Error(problem) }
    const input = { image, name: entry.name, ...(meta !== undefined ? { meta } : {}), allowSimilar: true }
    const target = existing ? await engine.updateTarget(existing.targetId, input) : await engine.addTarget(input)
    return { name: entry.name, action: existing ? 'updated' : 'added', target }
  } catch (error) {
    return { name: entry.name, action: 'failed', error: error instanceof Error ? error : new Error(String(error)) }
  }
}

/**
 * Adds every image of `dir` whose name is not in the store yet, with its `<name>.json` sidecar as
 * base64 meta. Existing targets are left alone, so it is safe to call on every start.
 * @default dir 'assets/targets'
 * @example await seedSamples(engine) // → ['booth-wall', 'city-postcard', …] on the first run
 */
export async function seedSamples(
  engine: RecognitionEngineApi,
  dir = 'assets/targets',
  log: (message: string) => void = () => {},
): Promise<string[]> {
  const added: string[] = []
  let entries: FolderEntry[]
  try {
    entries = await readTargetFolder(dir)
  } catch (error) {
    // No sample folder (e.g. a packaged app): nothing to seed.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return added
    throw error
  }
  for (const entry of entries) {
    const outcome = await importEntry(engine, entry)
    if (outcome.action === 'added') added.push(entry.name)
    if (outcome.action === 'failed') log(`crs seed: ${entry.name}: ${outcome.error.message}`)
  }
  if (added.length > 0) log(`crs seed: added ${added.join(', ')}`)
  return added
}
