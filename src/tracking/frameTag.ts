/**
 * Test clips (`npm run bench:tracking`, the tracking e2e test) carry their frame number in a strip
 * of 11 blocks along the bottom-left of the frame: one white start block, then 10 bits, white = 1,
 * each block 1/40 of the frame's width wide and 1/30 of its height tall. Reading it back tells a
 * test which frame the tracker saw, so its corners can be scored against that frame's truth. Only
 * read when the page asks for it (`?trackprobe`).
 */
import type { GreyImage } from './GreyImage'

export const TAG_BITS = 10
export const TAG_BLOCKS = TAG_BITS + 1

/** Block geometry for a frame of this size (shared by the writer and the reader). */
export function tagBlock(width: number, height: number): { w: number; h: number } {
  return { w: width / 40, h: height / 30 }
}

/** The tag, or −1 when there is no valid strip. */
export function readFrameTag(image: GreyImage): number {
  const { w, h } = tagBlock(image.width, image.height)
  const y = Math.floor(image.height - h / 2)
  const level = (block: number): number => {
    const x0 = Math.floor(block * w + w * 0.3)
    const x1 = Math.ceil((block + 1) * w - w * 0.3)
    let sum = 0
    let n = 0
    for (let dy = -1; dy <= 1; dy++)
      for (let x = x0; x < x1; x++) {
        sum += image.data[(y + dy) * image.width + x]!
        n++
      }
    return n ? sum / n : 0
  }
  if (level(0) < 190) return -1
  let tag = 0
  for (let bit = 0; bit < TAG_BITS; bit++) {
    const v = level(bit + 1)
    if (v > 60 && v < 190) return -1
    if (v >= 190) tag |= 1 << bit
  }
  return tag
}
