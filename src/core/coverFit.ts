/**
 * Cover-fit math for a video used as `scene.background`: three stretches a background
 * texture over the whole viewport, so we crop it with `texture.repeat/offset` to keep the
 * video's aspect ratio (like CSS `object-fit: cover`). Pure, unit-tested.
 */
export interface CoverFit {
  repeat: [x: number, y: number]
  offset: [x: number, y: number]
}

const IDENTITY: CoverFit = { repeat: [1, 1], offset: [0, 0] }

/**
 * @param mirrored flip horizontally (front camera preview): repeat.x < 0 with the offset that
 *   keeps the same centred crop.
 * @example coverFit(1280, 720, 720, 1280, false) // portrait phone, landscape video
 *   // => { repeat: [0.316…, 1], offset: [0.342…, 0] }
 */
export function coverFit(videoW: number, videoH: number, viewW: number, viewH: number, mirrored = false): CoverFit {
  let rx = 1
  let ry = 1
  if (videoW > 0 && videoH > 0 && viewW > 0 && viewH > 0) {
    const videoAspect = videoW / videoH
    const viewAspect = viewW / viewH
    if (videoAspect > viewAspect)
      rx = viewAspect / videoAspect // video wider: crop the sides
    else ry = videoAspect / viewAspect // video taller: crop top and bottom
  } else if (!mirrored) {
    return { repeat: [...IDENTITY.repeat], offset: [...IDENTITY.offset] }
  }
  const ox = (1 - rx) / 2
  const oy = (1 - ry) / 2
  // uv' = uv * repeat + offset. Mirrored: u' = ox + rx * (1 - u) = (ox + rx) - rx * u.
  return mirrored ? { repeat: [-rx, ry], offset: [ox + rx, oy] } : { repeat: [rx, ry], offset: [ox, oy] }
}

/** A rectangle in video pixels. */
export interface VideoRect {
  x: number
  y: number
  width: number
  height: number
}

/**
 * The part of the video a cover-fitted view shows, in video pixels: what the visitor sees, and so
 * what is worth sending to the recognizer. A landscape camera behind a portrait page shows only its
 * middle third; the rest of the frame is off screen (a print there is not one the visitor aims at).
 * Mirroring does not move it: the crop is centred. Null while either size is unknown.
 * @example visibleRect(1280, 720, 390, 844) // => { x: 473.6…, y: 0, width: 332.7…, height: 720 }
 */
export function visibleRect(videoW: number, videoH: number, viewW: number, viewH: number): VideoRect | null {
  if (!(videoW > 0 && videoH > 0 && viewW > 0 && viewH > 0)) return null
  const { repeat, offset } = coverFit(videoW, videoH, viewW, viewH)
  return { x: offset[0] * videoW, y: offset[1] * videoH, width: repeat[0] * videoW, height: repeat[1] * videoH }
}
