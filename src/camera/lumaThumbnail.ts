/**
 * The greyscale thumbnail smart capture judges, made from an RGBA image drawn `factor` times
 * larger: each thumbnail pixel is the mean luma of a `factor`×`factor` block. Drawing larger and
 * averaging here is an area filter whatever the browser's `drawImage` downscale does (a plain
 * bilinear draw straight to 96 px aliases a busy scene so much that hand shake reads as a new
 * view; measured in bench/frameGate.ts). Pure, no DOM.
 */

/**
 * The app draws the video this many times the thumbnail's size (192 × 108 for 16:9). In
 * bench/frameGate.ts, with a crude nearest-neighbour draw, 2× keeps hand shake under the gate's
 * "same view" line (1× does not), as 4× did, while reading 83 KB per check instead of 332 KB.
 */
export const THUMBNAIL_OVERSAMPLE = 2

/** Thumbnail size for a video frame: the long side becomes `longSide`, aspect kept; `null` without a frame size. */
export function thumbnailSize(videoW: number, videoH: number, longSide: number): { width: number; height: number } | null {
  if (!(videoW > 0) || !(videoH > 0) || !Number.isFinite(videoW) || !Number.isFinite(videoH)) return null
  const scale = longSide / Math.max(videoW, videoH)
  return { width: Math.max(1, Math.round(videoW * scale)), height: Math.max(1, Math.round(videoH * scale)) }
}

/**
 * Writes the `width`×`height` luma thumbnail of `rgba` (`width*factor` × `height*factor` pixels,
 * 4 bytes each) into `out`. Luma uses the BT.601 weights in 8-bit fixed point.
 */
export function lumaThumbnail(rgba: Uint8Array | Uint8ClampedArray, width: number, height: number, factor: number, out: Uint8Array): void {
  const srcW = width * factor
  const area = factor * factor
  const half = area >> 1
  for (let ty = 0; ty < height; ty++) {
    for (let tx = 0; tx < width; tx++) {
      let sum = 0
      for (let y = ty * factor, yEnd = y + factor; y < yEnd; y++) {
        let p = (y * srcW + tx * factor) * 4
        for (let x = 0; x < factor; x++, p += 4) sum += (77 * rgba[p]! + 150 * rgba[p + 1]! + 29 * rgba[p + 2]!) >> 8
      }
      out[ty * width + tx] = ((sum + half) / area) | 0
    }
  }
}
