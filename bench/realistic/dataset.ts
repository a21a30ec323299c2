/**
 * The realistic benchmark's query set: every view of every print (flat and curved) and of every
 * negative print, plus frames of backdrops alone, rendered once per machine and cached:
 * .cache/realistic/renders/<view>.png (three.js in Chromium, before camera effects), then
 * .cache/realistic/queries/<capture>/<view>.jpg (camera effects + the app's capture). A second
 * run only reads files. Everything is deterministic: same packages, same seeds, same bytes out of
 * the generators (rendering through SwiftShader is deterministic on one machine).
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { backdropFile, BACKDROP_VARIANTS } from './backdrops.ts'
import { cameraFrame, capture, type CaptureSettings } from './cameraEffects.ts'
import { buildCatalogue, CACHE_ROOT, type Catalogue, type Print, type PrintKind, type Split } from './catalogue.ts'
import { stableHash } from './sources.ts'
import { ViewRenderer } from './ViewRenderer.ts'
import { CURVED_VIEWS_PER_PRINT, FLAT_VIEWS_PER_PRINT, viewSpec, type ViewSpec } from './viewSpecs.ts'

/** Frames of a backdrop alone (no print at all). */
const EMPTY_FRAMES = 60

export interface View {
  spec: ViewSpec
  /** The print shown, or null for an empty frame. */
  print: Print | null
  /** Registered print (counted for recall) or not (negative: any hit is false). */
  registered: boolean
  split: Split | 'negative'
  kind: PrintKind | 'empty'
  curved: boolean
}

export interface Dataset {
  catalogue: Catalogue
  views: View[]
}

const safe = (id: string) => id.replace(/[^a-zA-Z0-9_-]+/g, '_')

export function listViews(catalogue = buildCatalogue()): Dataset {
  const views: View[] = []
  const seedOf = (id: string) => stableHash(`view:${id}`)
  const add = (print: Print, registered: boolean) => {
    for (let n = 0; n < FLAT_VIEWS_PER_PRINT + CURVED_VIEWS_PER_PRINT; n++) {
      const spec = viewSpec(print.id, n, seedOf(`${print.id}#${n}`), BACKDROP_VARIANTS)
      views.push({
        spec,
        print,
        registered,
        split: registered ? print.split : 'negative',
        kind: print.kind,
        curved: spec.pose.kind === 'curved',
      })
    }
  }
  for (const p of catalogue.prints) add(p, true)
  for (const p of catalogue.negatives) add(p, false)
  for (let i = 0; i < EMPTY_FRAMES; i++) {
    // A print of zero size: the renderer still draws the backdrop, exactly as behind a print.
    const spec = { ...viewSpec(`empty:${i}`, 0, seedOf(`empty:${i}`), BACKDROP_VARIANTS), coverage: 0 }
    views.push({ spec, print: null, registered: false, split: 'negative', kind: 'empty', curved: false })
  }
  return { catalogue, views }
}

/** Renders what is not cached yet; `log` reports progress. Returns the dataset. */
export async function ensureRenders(dataset: Dataset, log: (m: string) => void): Promise<void> {
  const dir = join(CACHE_ROOT, 'renders')
  mkdirSync(dir, { recursive: true })
  const missing = dataset.views.filter((v) => !existsSync(renderFile(v)))
  if (missing.length === 0) return
  log(`rendering ${missing.length} views in Chromium (three.js; cached for later runs)`)
  const renderer = await ViewRenderer.launch()
  const blank = join(CACHE_ROOT, 'prints', 'blank.png')
  try {
    let done = 0
    for (const view of missing) {
      const printFile = view.print ? await printPath(view.print) : await blankPrint(blank)
      const backdrop = await backdropFile(dataset.catalogue.backdrops, view.spec.backdrop, view.spec.backdropMode === 'far')
      const png = await renderer.render(view.spec, printFile, backdrop)
      const file = renderFile(view)
      writeFileSync(`${file}.tmp`, png)
      renameSync(`${file}.tmp`, file)
      if (++done % 50 === 0) log(`${done}/${missing.length} views rendered`)
    }
  } finally {
    await renderer.close()
  }
}

/** The query JPEG of a view under these capture settings (cached). */
export async function queryImage(view: View, settings: CaptureSettings): Promise<Buffer> {
  const dir = join(CACHE_ROOT, 'queries', `${settings.longSide}px-q${settings.quality ?? 'view'}`)
  const file = join(dir, `${safe(view.spec.id)}.jpg`)
  if (existsSync(file)) return readFileSync(file)
  mkdirSync(dir, { recursive: true })
  const jpeg = await capture(await cameraFrame(readFileSync(renderFile(view)), view.spec), view.spec, settings)
  writeFileSync(`${file}.tmp`, jpeg)
  renameSync(`${file}.tmp`, file)
  return jpeg
}

export function renderFile(view: View): string {
  return join(CACHE_ROOT, 'renders', `${safe(view.spec.id)}.png`)
}

async function printPath(print: Print): Promise<string> {
  await print.image() // draws and caches it
  return join(CACHE_ROOT, 'prints', `${safe(print.id)}.jpg`)
}

async function blankPrint(file: string): Promise<string> {
  if (!existsSync(file)) {
    const sharp = (await import('sharp')).default
    writeFileSync(
      file,
      await sharp({ create: { width: 64, height: 64, channels: 3, background: '#000000' } })
        .png()
        .toBuffer(),
    )
  }
  return file
}
