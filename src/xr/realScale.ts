/**
 * Real-world size of content placed in the room. A print's content is life-size to the print:
 * the content's footprint (its widest horizontal extent) becomes the printed target's width,
 * taken from the CRS target's `size` (cm, a string, as EasyAR sends it), times meta `scale`.
 * Without a size, an A4-ish print width is assumed.
 */

/** Width (m) assumed for a print whose target has no `size`: about an A4 sheet's long side. */
export const DEFAULT_PRINT_WIDTH_M = 0.3
/** Sizes outside this range (cm) are typos, not prints. */
const MIN_SIZE_CM = 1
const MAX_SIZE_CM = 2000

/** The target's printed width in metres, or null when absent or unreadable. */
export function targetWidthM(size: unknown): number | null {
  const text = typeof size === 'number' ? String(size) : typeof size === 'string' ? size.trim() : ''
  if (!/^\d+(\.\d+)?$/.test(text)) return null
  const cm = Number(text)
  return cm >= MIN_SIZE_CM && cm <= MAX_SIZE_CM ? cm / 100 : null
}

/** Footprint width (m) of the placed content. */
export function placedWidthM(targetWidth: number | null, metaScale: number): number {
  const scale = Number.isFinite(metaScale) && metaScale > 0 ? metaScale : 1
  return (targetWidth ?? DEFAULT_PRINT_WIDTH_M) * scale
}
