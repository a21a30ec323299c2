/**
 * The camera model the app assumes, because browsers do not expose the camera's field of view:
 * the video's LONGER side spans `LONG_SIDE_FOV_DEG` = 67°, the main camera of current phones (a
 * 26 mm-equivalent lens on a 4:3 sensor: 2·atan(0.8 · 21.6 / 26) ≈ 67°). A 16:9 stream is a crop
 * of that sensor that keeps its long side, and most laptop webcams are 60–70°. The principal
 * point is the frame's centre and pixels are square.
 *
 * The three.js camera is given the same model (`viewFovDeg`), for the part of the video the
 * screen shows (cover-fitted: cropped, centred), so a pose computed in the video lines up with
 * the video drawn behind it.
 */
export const LONG_SIDE_FOV_DEG = 67

export interface Intrinsics {
  /** Focal lengths in pixels. */
  fx: number
  fy: number
  /** Principal point in pixels (the frame centre). */
  cx: number
  cy: number
  width: number
  height: number
}

export function intrinsicsFor(width: number, height: number, longSideFovDeg = LONG_SIDE_FOV_DEG): Intrinsics {
  const f = Math.max(width, height) / 2 / Math.tan((longSideFovDeg * Math.PI) / 360)
  return { fx: f, fy: f, cx: width / 2, cy: height / 2, width, height }
}

/** Vertical field of view (degrees) of a view of this size showing the cover-fitted video. */
export function viewFovDeg(k: Intrinsics, viewWidth: number, viewHeight: number): number {
  const videoAspect = k.width / k.height
  const viewAspect = viewWidth / viewHeight
  const visibleHeight = videoAspect > viewAspect ? k.height : k.width / viewAspect
  return (2 * Math.atan(visibleHeight / 2 / k.fy) * 180) / Math.PI
}
