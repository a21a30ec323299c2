import { Mesh, type WebGLRenderer } from 'three'
import { describe, expect, it, vi } from 'vitest'
import { ByteCache, createModelLoader, decoderBaseUrl, fetchWithProgress } from '../../../../src/content/loadGltf'

/** A one-triangle GLB (JSON + BIN chunks), built in the test: no external resources. */
function triangleGlb(): Uint8Array {
  const positions = new Uint8Array(new Float32Array([0, 0, 0, 1, 0, 0, 0, 1, 0]).buffer)
  const json = JSON.stringify({
    asset: { version: '2.0' },
    scene: 0,
    scenes: [{ nodes: [0] }],
    nodes: [{ mesh: 0, name: 'tri' }],
    meshes: [{ primitives: [{ attributes: { POSITION: 0 } }] }],
    buffers: [{ byteLength: positions.byteLength }],
    bufferViews: [{ buffer: 0, byteLength: positions.byteLength }],
    accessors: [{ bufferView: 0, componentType: 5126, count: 3, type: 'VEC3', min: [0, 0, 0], max: [1, 1, 0] }],
  })
  const jsonBytes = new TextEncoder().encode(json.padEnd(Math.ceil(json.length / 4) * 4, ' '))
  const total = 12 + 8 + jsonBytes.byteLength + 8 + positions.byteLength
  const glb = new Uint8Array(total)
  const view = new DataView(glb.buffer)
  view.setUint32(0, 0x46546c67, true) // 'glTF'
  view.setUint32(4, 2, true)
  view.setUint32(8, total, true)
  view.setUint32(12, jsonBytes.byteLength, true)
  view.setUint32(16, 0x4e4f534a, true) // 'JSON'
  glb.set(jsonBytes, 20)
  const bin = 20 + jsonBytes.byteLength
  view.setUint32(bin, positions.byteLength, true)
  view.setUint32(bin + 4, 0x004e4942, true) // 'BIN'
  glb.set(positions, bin + 8)
  return glb
}

// KTX2Loader.detectSupport() only asks the renderer which compressed formats exist.
const fakeRenderer = { extensions: { has: () => false }, capabilities: {} } as unknown as WebGLRenderer

function streamResponse(bytes: Uint8Array, chunks: number): Response {
  const size = Math.ceil(bytes.byteLength / chunks)
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (let i = 0; i < bytes.byteLength; i += size) controller.enqueue(bytes.slice(i, i + size))
      controller.close()
    },
  })
  return new Response(body, { headers: { 'content-length': String(bytes.byteLength) } })
}

describe('loadGltf', () => {
  it('serves decoders from the app base, never a CDN', () => {
    expect(decoderBaseUrl('/')).toBe('/decoders/')
    expect(decoderBaseUrl('/ar/')).toBe('/ar/decoders/')
    expect(decoderBaseUrl('./')).toBe('./decoders/')
  })

  it('fetches with progress and parses a glTF', async () => {
    const bytes = triangleGlb()
    const fetch = vi.fn(async () => streamResponse(bytes, 4))
    const loader = await createModelLoader(fakeRenderer, { fetch, decoderBase: '/decoders/' })
    const progress: number[] = []
    const gltf = await loader.loadGltf('https://app.test/content/tri.glb', new AbortController().signal, (f) => progress.push(f))
    expect(gltf.scene.getObjectByName('tri')).toBeInstanceOf(Mesh)
    expect(progress.length).toBeGreaterThanOrEqual(4)
    expect(progress.at(-1)).toBe(1)
    expect([...progress].sort((a, b) => a - b)).toEqual(progress)
    loader.dispose()
  }, 10_000)

  it('rejects with the abort reason and never returns a late parse', async () => {
    const bytes = triangleGlb()
    const controller = new AbortController()
    const fetch = vi.fn(async () => {
      controller.abort()
      return new Response(bytes as BlobPart)
    })
    const loader = await createModelLoader(fakeRenderer, { fetch })
    await expect(loader.loadGltf('https://app.test/tri.glb', controller.signal)).rejects.toMatchObject({ name: 'AbortError' })
    loader.dispose()
  })

  it('a model seen again in the visit is parsed from memory, not fetched again; an aborted fetch is not kept', async () => {
    const bytes = triangleGlb()
    const fetch = vi.fn(async () => new Response(bytes.slice()))
    const loader = await createModelLoader(fakeRenderer, { fetch })
    const aborted = new AbortController()
    aborted.abort()
    await expect(loader.loadGltf('https://app.test/tri.glb', aborted.signal)).rejects.toMatchObject({ name: 'AbortError' })
    const first = await loader.loadGltf('https://app.test/tri.glb', new AbortController().signal)
    const progress: number[] = []
    const second = await loader.loadGltf('https://app.test/tri.glb', new AbortController().signal, (f) => progress.push(f))
    expect(fetch).toHaveBeenCalledTimes(2) // the aborted one and the first full load
    expect(progress).toEqual([1])
    // A fresh scene each time: each showing owns (and frees) its own GPU resources.
    expect(second.scene).not.toBe(first.scene)
    expect(second.scene.getObjectByName('tri')).toBeInstanceOf(Mesh)
    loader.dispose()
  }, 10_000)

  it('a download cut off halfway is not kept: the next load fetches again and succeeds', async () => {
    const bytes = triangleGlb()
    let calls = 0
    const fetch = vi.fn(async () => new Response(++calls === 1 ? bytes.slice(0, bytes.byteLength >> 1) : bytes.slice()))
    const loader = await createModelLoader(fakeRenderer, { fetch })
    await expect(loader.loadGltf('https://app.test/tri.glb', new AbortController().signal)).rejects.toThrow()
    const gltf = await loader.loadGltf('https://app.test/tri.glb', new AbortController().signal)
    expect(fetch).toHaveBeenCalledTimes(2)
    expect(gltf.scene.getObjectByName('tri')).toBeInstanceOf(Mesh)
    loader.dispose()
  }, 10_000)

  it('ByteCache keeps the most recently used bytes within its budget', () => {
    const cache = new ByteCache(10)
    cache.set('a', new ArrayBuffer(4))
    cache.set('b', new ArrayBuffer(4))
    cache.get('a')
    cache.set('c', new ArrayBuffer(4)) // over budget: b (least recently used) goes
    expect([cache.get('a'), cache.get('b'), cache.get('c')].map((v) => v?.byteLength)).toEqual([4, undefined, 4])
    expect(cache.size).toBe(8)
    cache.set('huge', new ArrayBuffer(11))
    expect(cache.get('huge')).toBeUndefined()
    expect(cache.size).toBe(8)
  })

  it('names the URL on HTTP errors', async () => {
    const fetch = vi.fn(async () => new Response('missing', { status: 404 }))
    await expect(fetchWithProgress('https://app.test/x.glb', new AbortController().signal, undefined, fetch)).rejects.toThrow(
      'HTTP 404 for https://app.test/x.glb',
    )
  })
})
