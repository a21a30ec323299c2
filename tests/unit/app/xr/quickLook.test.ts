import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { Group, Mesh, BoxGeometry, MeshStandardMaterial } from 'three'
import { GLTFLoader } from 'three/examples/jsm/loaders/GLTFLoader.js'
import { unzipSync } from 'three/examples/jsm/libs/fflate.module.js'
import { describe, expect, it, vi } from 'vitest'
import { decodeMeta, encodeMeta } from '../../../../src/protocol/meta'
import { offerQuickLook, quickLookEnvironment, supportsQuickLook } from '../../../../src/xr/quickLook'
import { QuickLookOffer } from '../../../../src/xr/QuickLookOffer'
import { boundsInParentSpace, exportUsdz } from '../../../../src/xr/exportUsdz'

const IPHONE_SAFARI =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1'
const IPAD_DESKTOP_UA =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15'
const ANDROID_CHROME = 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Mobile Safari/537.36'
const IPHONE_INSTAGRAM = `${IPHONE_SAFARI} Instagram 330.0.0`

/** A document whose <a> answers relList.supports('ar') as told (or has no relList at all). */
function fakeDocument(supportsAr: boolean | 'no-relList'): Document {
  return {
    createElement: () => (supportsAr === 'no-relList' ? {} : { relList: { supports: (token: string) => token === 'ar' && supportsAr } }),
  } as unknown as Document
}
const nav = (userAgent: string, maxTouchPoints = 5) => ({ userAgent, maxTouchPoints }) as Navigator

describe('AR Quick Look decision', () => {
  it('iPhone Safari with rel="ar" support gets Quick Look', () => {
    expect(supportsQuickLook(quickLookEnvironment(fakeDocument(true), nav(IPHONE_SAFARI)))).toBe(true)
  })
  it('iPadOS (desktop-class UA + touch) counts as iOS', () => {
    expect(supportsQuickLook(quickLookEnvironment(fakeDocument(true), nav(IPAD_DESKTOP_UA, 5)))).toBe(true)
    expect(supportsQuickLook(quickLookEnvironment(fakeDocument(true), nav(IPAD_DESKTOP_UA, 0)))).toBe(false)
  })
  it('no rel="ar" support, no relList, Android, or an in-app web view: no Quick Look', () => {
    expect(supportsQuickLook(quickLookEnvironment(fakeDocument(false), nav(IPHONE_SAFARI)))).toBe(false)
    expect(supportsQuickLook(quickLookEnvironment(fakeDocument('no-relList'), nav(IPHONE_SAFARI)))).toBe(false)
    expect(supportsQuickLook(quickLookEnvironment(fakeDocument(true), nav(ANDROID_CHROME)))).toBe(false)
    expect(supportsQuickLook(quickLookEnvironment(fakeDocument(true), nav(IPHONE_INSTAGRAM)))).toBe(false)
  })
  it('is offered for a shown model only where WebXR AR is missing, never for video', () => {
    const base = { quickLook: true, content: 'shown', contentType: 'model' } as const
    expect(offerQuickLook({ ...base, xr: 'unsupported' })).toBe(true)
    expect(offerQuickLook({ ...base, xr: 'needs-https' })).toBe(true)
    expect(offerQuickLook({ ...base, xr: 'ready' })).toBe(false)
    expect(offerQuickLook({ ...base, xr: null })).toBe(false)
    expect(offerQuickLook({ ...base, xr: 'unsupported', contentType: 'video' })).toBe(false)
    expect(offerQuickLook({ ...base, xr: 'unsupported', content: 'loading' })).toBe(false)
    expect(offerQuickLook({ ...base, xr: 'unsupported', quickLook: false })).toBe(false)
  })
})

describe('meta usdzUrl', () => {
  const base = { baseUrl: 'https://ar.example/app/' }
  it('resolves like url and is refused by the same policy', () => {
    const ok = decodeMeta(encodeMeta({ url: 'content/robot.glb', usdzUrl: 'content/robot.usdz' }), base)
    expect(ok.ok && ok.value.usdzUrl).toBe('https://ar.example/app/content/robot.usdz')
    for (const bad of ['javascript:alert(1)', 'http://cdn.example/x.usdz', 'https://u:p@cdn.example/x.usdz', '', 5]) {
      const result = decodeMeta(encodeMeta({ url: 'content/robot.glb', usdzUrl: bad }), base)
      expect(result.ok, String(bad)).toBe(false)
    }
  })
})

describe('QuickLookOffer', () => {
  it('uses usdzUrl as is; exports otherwise, owning and revoking its blob URL', async () => {
    const created: string[] = []
    const revoked: string[] = []
    const urls = {
      create: () => {
        created.push(`blob:${created.length}`)
        return created.at(-1)!
      },
      revoke: (u: string) => revoked.push(u),
    }
    const offer = new QuickLookOffer({ urls, exportUsdz: async () => new Uint8Array([1, 2, 3]) })
    await offer.prepare({ usdzUrl: 'https://cdn.example/x.usdz' })
    expect([offer.state, offer.href]).toEqual(['ready', 'https://cdn.example/x.usdz'])
    await offer.prepare({ object: new Group(), widthM: 0.3 })
    expect(offer.state).toBe('ready')
    expect(offer.href).toBe('blob:0#allowsContentScaling=1')
    offer.clear()
    expect(revoked).toEqual(['blob:0'])
    expect(offer.state).toBeNull()
    offer.dispose()
  })
  it('drops an export that finishes after the content changed', async () => {
    let finish!: (bytes: Uint8Array) => void
    const urls = { create: vi.fn(() => 'blob:x'), revoke: vi.fn() }
    const offer = new QuickLookOffer({ urls, exportUsdz: () => new Promise((resolve) => (finish = resolve)) })
    const pending = offer.prepare({ object: new Group(), widthM: 0.3 })
    expect(offer.state).toBe('preparing')
    offer.clear()
    finish(new Uint8Array([1]))
    await pending
    expect(urls.create).not.toHaveBeenCalled()
    expect(offer.state).toBeNull()
  })
})

describe('USDZ export', () => {
  it('exports assets/content/robot.glb as a zip whose first entry is the USD scene', async () => {
    const glb = readFileSync(resolve(import.meta.dirname, '../../../../assets/content/robot.glb'))
    const gltf = await new GLTFLoader().parseAsync(glb.buffer.slice(glb.byteOffset, glb.byteOffset + glb.byteLength), '')
    // As in the app: inside a camera-facing anchor, with a fit scale on the way.
    const anchor = new Group()
    anchor.position.set(0.3, -0.2, -1.5)
    anchor.rotation.set(0.2, 0.5, 0)
    const object = new Group()
    object.scale.setScalar(0.6)
    object.add(gltf.scene)
    anchor.add(object)
    const bytes = await exportUsdz(object, 0.2)
    // A zip starts with a local file header "PK\x03\x04"; the first name is the USD layer.
    expect([...bytes.slice(0, 4)]).toEqual([0x50, 0x4b, 0x03, 0x04])
    const nameLength = bytes[26]! | (bytes[27]! << 8)
    const firstName = new TextDecoder().decode(bytes.slice(30, 30 + nameLength))
    expect(firstName).toMatch(/\.usd[ac]$/)
    const files = unzipSync(bytes)
    const usda = new TextDecoder().decode(files[firstName]!)
    expect(usda).toContain('#usda')
    // Meshes are referenced from geometry layers in the same archive.
    expect(usda).toMatch(/prepend references = @\.\/geometries\/Geometry_\d+\.usda@/)
    const geometries = Object.keys(files).filter((name) => name.startsWith('geometries/'))
    expect(geometries.length).toBeGreaterThan(0)
    expect(new TextDecoder().decode(files[geometries[0]!]!)).toMatch(/def Mesh/)
    // The model stayed where it was in the live scene.
    expect(object.parent).toBe(anchor)
  })

  it('measures bounds in the parent space, whatever the parent pose', () => {
    const parent = new Group()
    parent.position.set(5, 5, 5)
    parent.rotation.set(1, 1, 1)
    const child = new Mesh(new BoxGeometry(2, 1, 1), new MeshStandardMaterial())
    child.position.y = 0.5
    parent.add(child)
    const box = boundsInParentSpace(child)
    expect(box.min.toArray().map((v) => Math.round(v * 1000) / 1000 + 0)).toEqual([-1, 0, -0.5])
    expect(box.max.toArray().map((v) => Math.round(v * 1000) / 1000 + 0)).toEqual([1, 1, 0.5])
  })
})
