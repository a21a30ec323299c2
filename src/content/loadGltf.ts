/**
 * Promise-first GLTF loading with Draco, KTX2 (Basis) and Meshopt support.
 *
 * Everything heavy is imported lazily (`import()`), so none of it is in the initial bundle.
 * Decoders are SERVED BY THE APP, never a CDN: `{BASE_URL}decoders/draco/` and
 * `{BASE_URL}decoders/basis/` (Vite copies three's `examples/jsm/libs/draco/gltf/` and
 * `libs/basis/` there).
 *
 * The file is fetched by us (with the AbortSignal and byte progress), then parsed; a parse
 * that finishes after an abort is disposed and never returned.
 *
 * The bytes of every model loaded in this visit are kept (least recently used first out, up to
 * `cacheBytes`): a target seen again is parsed from memory, with no network round trip. Parsed
 * scenes are not kept: each showing owns its GPU resources and frees them when it leaves.
 */
import type { WebGLRenderer } from 'three'
import type { GLTF, GLTFLoader } from 'three/examples/jsm/loaders/GLTFLoader.js'
import { disposeObject } from './disposeObject'

export type { GLTF } from 'three/examples/jsm/loaders/GLTFLoader.js'

/** Where the app serves three's decoders (see the shell's vite.config.ts). */
export function decoderBaseUrl(base: string = import.meta.env.BASE_URL): string {
  return `${base.endsWith('/') ? base : `${base}/`}decoders/`
}

export interface ModelLoader {
  /** Loads and parses a .glb/.gltf. Rejects with the signal's reason when aborted. */
  loadGltf(url: string, signal: AbortSignal, onProgress?: (fraction: number) => void): Promise<GLTF>
  /** Terminates decoder workers. */
  dispose(): void
}

export interface ModelLoaderOptions {
  /** @default decoderBaseUrl() */
  decoderBase?: string
  fetch?: typeof fetch
  /** Most model bytes kept for targets seen again. @default MODEL_CACHE_BYTES */
  cacheBytes?: number
}

/** Model bytes kept in memory for re-recognitions: a few typical AR models (1–10 MB each). */
export const MODEL_CACHE_BYTES = 48 * 1024 * 1024

/** Builds a GLTFLoader wired to Draco, KTX2 (needs the renderer for format support) and Meshopt. */
export async function createModelLoader(renderer: WebGLRenderer, options: ModelLoaderOptions = {}): Promise<ModelLoader> {
  const [{ GLTFLoader }, { DRACOLoader }, { KTX2Loader }, { MeshoptDecoder }] = await Promise.all([
    import('three/examples/jsm/loaders/GLTFLoader.js'),
    import('three/examples/jsm/loaders/DRACOLoader.js'),
    import('three/examples/jsm/loaders/KTX2Loader.js'),
    import('three/examples/jsm/libs/meshopt_decoder.module.js'),
  ])
  const base = options.decoderBase ?? decoderBaseUrl()
  const draco = new DRACOLoader().setDecoderPath(`${base}draco/`)
  const ktx2 = new KTX2Loader().setTranscoderPath(`${base}basis/`).detectSupport(renderer)
  const loader: GLTFLoader = new GLTFLoader().setDRACOLoader(draco).setKTX2Loader(ktx2).setMeshoptDecoder(MeshoptDecoder)
  const fetchImpl = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => globalThis.fetch(input, init))
  const cache = new ByteCache(options.cacheBytes ?? MODEL_CACHE_BYTES)
  return {
    async loadGltf(url, signal, onProgress) {
      let data = cache.get(url)
      if (data) onProgress?.(1)
      else {
        data = await fetchWithProgress(url, signal, onProgress, fetchImpl)
        signal.throwIfAborted()
      }
      let gltf: GLTF
      try {
        gltf = await loader.parseAsync(data, resourcePath(url))
      } catch (error) {
        // Bytes that do not parse (a download cut off halfway) must not be served again.
        cache.delete(url)
        throw error
      }
      // Kept only once they parsed, so "scan again" after a broken download fetches afresh.
      cache.set(url, data)
      if (signal.aborted) {
        disposeObject(gltf.scene)
        signal.throwIfAborted()
      }
      return gltf
    },
    dispose() {
      draco.dispose()
      ktx2.dispose()
      cache.clear()
    },
  }
}

/** URL → bytes, least recently used evicted first once over `maxBytes` (a single larger file is not kept). */
export class ByteCache {
  readonly #entries = new Map<string, ArrayBuffer>()
  readonly #maxBytes: number
  #bytes = 0

  constructor(maxBytes: number) {
    this.#maxBytes = maxBytes
  }

  get size(): number {
    return this.#bytes
  }

  get(key: string): ArrayBuffer | undefined {
    const value = this.#entries.get(key)
    if (value) {
      // Most recently used last.
      this.#entries.delete(key)
      this.#entries.set(key, value)
    }
    return value
  }

  set(key: string, value: ArrayBuffer): void {
    this.delete(key)
    if (value.byteLength > this.#maxBytes) return
    this.#entries.set(key, value)
    this.#bytes += value.byteLength
    for (const [oldest] of this.#entries) {
      if (this.#bytes <= this.#maxBytes) break
      this.delete(oldest)
    }
  }

  delete(key: string): void {
    const value = this.#entries.get(key)
    if (!value) return
    this.#entries.delete(key)
    this.#bytes -= value.byteLength
  }

  clear(): void {
    this.#entries.clear()
    this.#bytes = 0
  }
}

/** Folder of `url`, for the model's relative buffers/textures. */
function resourcePath(url: string): string {
  const clean = url.split(/[?#]/)[0] ?? url
  return clean.slice(0, clean.lastIndexOf('/') + 1)
}

/**
 * GETs `url` as bytes, reporting progress 0–1 when the size is known.
 * Rejects with a message naming the URL on HTTP errors.
 */
export async function fetchWithProgress(
  url: string,
  signal: AbortSignal,
  onProgress: ((fraction: number) => void) | undefined,
  fetchImpl: typeof fetch,
): Promise<ArrayBuffer> {
  const response = await fetchImpl(url, { signal })
  if (!response.ok) throw new Error(`loadGltf: HTTP ${response.status} for ${url}`)
  const total = Number(response.headers.get('content-length') ?? '')
  if (!response.body || !onProgress || !(total > 0)) {
    const buffer = await response.arrayBuffer()
    onProgress?.(1)
    return buffer
  }
  const reader = response.body.getReader()
  const chunks: Uint8Array[] = []
  let received = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    chunks.push(value)
    received += value.byteLength
    onProgress(Math.min(1, received / total))
  }
  const out = new Uint8Array(received)
  let offset = 0
  for (const chunk of chunks) {
    out.set(chunk, offset)
    offset += chunk.byteLength
  }
  onProgress(1)
  return out.buffer
}
