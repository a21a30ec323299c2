/**
 * Prepares the href of the "View in your space" link (`<a rel="ar">`): the meta's `usdzUrl`
 * when the author gave one, else a USDZ exported from the shown model into a blob: URL.
 * It owns that blob URL and revokes it when the content changes (`clear()`) or on dispose;
 * an export that finishes after a newer prepare/clear is dropped.
 */
import { Emitter } from '../core/Emitter'
import type { Object3D } from 'three'

/** Mirrored as `data-quick-look`: absent when not offered. */
export type QuickLookState = 'preparing' | 'ready' | 'failed'

export interface QuickLookOfferEvents {
  change: { state: QuickLookState | null; href: string | null }
}

export type QuickLookSource = { usdzUrl: string } | { object: Object3D; widthM: number }

export interface QuickLookOfferOptions {
  /** @default URL.createObjectURL / URL.revokeObjectURL */
  urls?: { create(blob: Blob): string; revoke(url: string): void }
  /** @default the lazy USDZExporter path (src/xr/exportUsdz.ts) */
  exportUsdz?: (object: Object3D, widthM: number) => Promise<Uint8Array>
}

export class QuickLookOffer extends Emitter<QuickLookOfferEvents> {
  #urls: NonNullable<QuickLookOfferOptions['urls']>
  #export: NonNullable<QuickLookOfferOptions['exportUsdz']>
  #generation = 0
  #blobUrl: string | null = null
  #state: QuickLookState | null = null
  #href: string | null = null
  #disposed = false

  constructor(options: QuickLookOfferOptions = {}) {
    super()
    this.#urls = options.urls ?? { create: (blob) => URL.createObjectURL(blob), revoke: (url) => URL.revokeObjectURL(url) }
    this.#export = options.exportUsdz ?? (async (object, widthM) => (await import('./exportUsdz')).exportUsdz(object, widthM))
  }

  get state(): QuickLookState | null {
    return this.#state
  }
  get href(): string | null {
    return this.#href
  }

  async prepare(source: QuickLookSource): Promise<void> {
    if (this.#disposed) return
    this.clear()
    const generation = this.#generation
    if ('usdzUrl' in source) {
      this.#set('ready', source.usdzUrl)
      return
    }
    this.#set('preparing', null)
    try {
      const bytes = await this.#export(source.object, source.widthM)
      if (generation !== this.#generation) return
      const url = this.#urls.create(new Blob([bytes as BlobPart], { type: 'model/vnd.usdz+zip' }))
      this.#blobUrl = url
      // Quick Look reads options from the fragment; allowsContentScaling keeps pinch-to-resize.
      this.#set('ready', `${url}#allowsContentScaling=1`)
    } catch (error) {
      if (generation !== this.#generation) return
      console.warn('QuickLookOffer: USDZ export failed', error)
      this.#set('failed', null)
    }
  }

  /** Withdraws the offer (content changed or gone) and frees the blob URL. */
  clear(): void {
    this.#generation++
    if (this.#blobUrl) this.#urls.revoke(this.#blobUrl)
    this.#blobUrl = null
    this.#set(null, null)
  }

  dispose(): void {
    if (this.#disposed) return
    this.clear()
    this.#disposed = true
    this.removeAllListeners()
  }

  #set(state: QuickLookState | null, href: string | null): void {
    if (state === this.#state && href === this.#href) return
    this.#state = state
    this.#href = href
    this.emit('change', { state, href })
  }
}
