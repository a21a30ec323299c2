/**
 * Generated posters for the benchmarks, cached as PNG under .cache/bench-posters (drawing one
 * takes ~50 ms; a 1,000-target run would redraw them every time).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { NamedImage } from '../tests/helpers/sampleTargets.ts'
import { makePoster } from '../tests/helpers/scenes.ts'

const CACHE_DIR = resolve(import.meta.dirname, '../.cache/bench-posters')

/** `poster-<seed>`: the same pixels for the same seed, drawn once per machine. */
export async function cachedPoster(seed: number): Promise<NamedImage> {
  const file = join(CACHE_DIR, `${seed}.png`)
  if (existsSync(file)) return { name: `poster-${seed}`, png: readFileSync(file) }
  mkdirSync(CACHE_DIR, { recursive: true })
  const png = await makePoster(seed)
  writeFileSync(file, png)
  return { name: `poster-${seed}`, png }
}
