/**
 * The no-camera fallback's photo: a file from `<input type=file accept="image/*">` (the phone
 * offers its camera app or the gallery) decoded upright (EXIF orientation applied) into a canvas.
 * The canvas is both the scene background and the recognition loop's frame source: it is given
 * the `videoWidth`/`videoHeight`/`readyState` the frame capture reads, so the photo is
 * re-encoded exactly like a camera frame (same long side, same JPEG quality).
 */
import type { CaptureVideo } from '../camera/captureFrame'

/** Longest side kept (px): more than any capture or screen needs, and bounded GPU memory. */
export const MAX_PHOTO_SIDE = 2048

export type PhotoSource = HTMLCanvasElement & CaptureVideo

export async function loadPhoto(file: Blob, doc: Document, maxSide = MAX_PHOTO_SIDE): Promise<PhotoSource> {
  if (file.type && !file.type.startsWith('image/')) throw new Error(`not an image (${file.type})`)
  const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' })
  try {
    const scale = Math.min(1, maxSide / Math.max(bitmap.width, bitmap.height))
    const canvas = doc.createElement('canvas')
    canvas.width = Math.max(1, Math.round(bitmap.width * scale))
    canvas.height = Math.max(1, Math.round(bitmap.height * scale))
    const context = canvas.getContext('2d')
    if (!context) throw new Error('no 2D canvas context')
    context.drawImage(bitmap, 0, 0, canvas.width, canvas.height)
    const HAVE_ENOUGH_DATA = 4
    Object.defineProperties(canvas, {
      videoWidth: { value: canvas.width },
      videoHeight: { value: canvas.height },
      readyState: { value: HAVE_ENOUGH_DATA },
    })
    return canvas as PhotoSource
  } finally {
    bitmap.close()
  }
}

/** Frees a photo canvas's backing store (the owner calls this when the photo is replaced). */
export function releasePhoto(photo: HTMLCanvasElement): void {
  photo.width = 0
  photo.height = 0
}
