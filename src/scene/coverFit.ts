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
    if (videoAspect > viewAspect) rx = viewAspect / videoAspect // video wider: crop the sides
    else ry = videoAspect / viewAspect // video taller: crop top and bottom
  } else if (!mirrored) {
    return { repeat: [...IDENTITY.repeat], offset: [...IDENTITY.offset] }
  }
  const ox = (1 - rx) / 2
  const oy = (1 - ry) / 2
  // uv' = uv * repeat + offset. Mirrored: u' = ox + rx * (1 - u) = (ox + rx) - rx * u.
  return mirrored ? { repeat: [-rx, ry], offset: [ox + rx, oy] } : { repeat: [rx, ry], offset: [ox, oy] }
}
