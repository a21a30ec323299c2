import { createRequire } from 'node:module'

/**
 * Loads @techstark/opencv-js once per thread (main or worker). The package is either a ready module,
 * a Promise, or an Emscripten module that calls onRuntimeInitialized; all three shapes are seen in
 * the wild (docs/opencv-node-notes.md).
 */

// biome-ignore lint/suspicious/noExplicitAny: opencv.js ships no types (its .d.ts is a stub)
export type OpenCv = any

let loading: Promise<OpenCv> | null = null

export function loadOpenCv(): Promise<OpenCv> {
  loading ??= (async () => {
    // require(), not import(): through tsx's ESM hooks the 10 MB file took ~4 s to load in a worker.
    let cv = createRequire(import.meta.url)('@techstark/opencv-js') as OpenCv
    if (cv instanceof Promise) cv = await cv
    else if (!cv.Mat) await new Promise<void>((resolve) => (cv.onRuntimeInitialized = resolve))
    // A thenable module would make `await loadOpenCv()` recurse into itself forever.
    if (typeof cv.then === 'function') delete cv.then
    return cv
  })()
  return loading
}
