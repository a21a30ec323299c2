/**
 * How each photographed view of a print is taken: a pure function of a seed, so a view is the
 * same on every machine and the parameters can be tested without rendering. The ranges follow
 * the description of real visits: perspective up to 50°, the print 10–70 % of the frame,
 * in-plane rotation, defocus, motion blur, sensor noise, light from dim to glare, JPEG q50–75,
 * and (for `curved` views) the print wrapped around a can, 120–200° of wrap, seen from slightly
 * above and turned up to 25°.
 */
import { mulberry32 } from '../../server/src/engine/DescriptorIndex.ts'

export interface FlatPose {
  kind: 'flat'
  /** Out-of-plane tilt in degrees (0 = facing the camera), toward `tiltDirDeg`. */
  tiltDeg: number
  tiltDirDeg: number
}

export interface CurvedPose {
  kind: 'curved'
  /** How much of the can's circumference the label covers. */
  wrapDeg: number
  /** Rotation about the can's axis: 0 shows the label's middle. */
  turnDeg: number
  /** Camera above the can's middle, looking down this much. */
  elevationDeg: number
}

export interface ViewSpec {
  /** `<print id>#<n>`. */
  id: string
  seed: number
  width: number
  height: number
  /** Horizontal field of view along the long side (a phone's main camera). */
  fovLongDeg: number
  pose: FlatPose | CurvedPose
  /** In-plane rotation of the print in the frame. */
  rollDeg: number
  /** Share of the frame's area the print covers. */
  coverage: number
  /** Where the print sits within the room left in the frame: 0 = one edge, 1 = the other. */
  offsetX: number
  offsetY: number
  /** Index of the backdrop variant behind the print. */
  backdrop: number
  /** `wall`: the print lies on the backdrop's plane; `far`: the backdrop is well behind, out of focus. */
  backdropMode: 'wall' | 'far'
  light: {
    /** Overall exposure: 0.3 (dim room) … 1.3 (bright). */
    exposure: number
    /** Share of the light that comes from one side (shading across the print) rather than all around. */
    directional: number
    /** 0: matte print; otherwise the strength of a specular highlight from a lamp near the camera. */
    glare: number
    /** Colour temperature shift: −1 warm (tungsten) … 1 cool (daylight). */
    warmth: number
  }
  /** Gaussian defocus sigma in px of the 1280-px frame. */
  defocusPx: number
  /** Length of the motion-blur streak in px (0 = none) and its direction. */
  motionPx: number
  motionDeg: number
  /** Sensor noise sigma in grey levels at exposure 1 (grows as the light dims). */
  noise: number
  /** JPEG quality of the frame sent, 0–1. */
  jpegQuality: number
}

/** Views of each print: flat ones and one curved (can label). */
export const FLAT_VIEWS_PER_PRINT = 4
export const CURVED_VIEWS_PER_PRINT = 1

/** The `n`-th view of a print (n < FLAT_VIEWS_PER_PRINT: flat, otherwise curved). */
export function viewSpec(printId: string, n: number, seed: number, backdrops: number): ViewSpec {
  const rnd = mulberry32(seed)
  const between = (lo: number, hi: number) => lo + (hi - lo) * rnd()
  const portrait = rnd() < 0.4
  const curved = n >= FLAT_VIEWS_PER_PRINT
  // Coverage uniform in log space: small prints are as common as large ones.
  const coverage = Math.exp(between(Math.log(0.1), Math.log(0.7)))
  const pose: FlatPose | CurvedPose = curved
    ? { kind: 'curved', wrapDeg: between(120, 200), turnDeg: between(-25, 25), elevationDeg: between(5, 20) }
    : { kind: 'flat', tiltDeg: 50 * Math.sqrt(rnd()), tiltDirDeg: between(0, 360) }
  const glare = rnd() < 0.25 ? between(0.3, 1) : 0
  const exposure = rnd() < 0.3 ? between(0.3, 0.55) : between(0.55, 1.3)
  const motion = rnd() < 0.35
  return {
    id: `${printId}#${n}`,
    seed,
    width: portrait ? 720 : 1280,
    height: portrait ? 1280 : 720,
    fovLongDeg: between(60, 70),
    pose,
    rollDeg: curved ? between(-10, 10) : between(-30, 30),
    coverage,
    offsetX: rnd(),
    offsetY: rnd(),
    backdrop: Math.floor(rnd() * backdrops),
    backdropMode: rnd() < 0.6 ? 'wall' : 'far',
    light: { exposure, directional: between(0, 0.7), glare, warmth: between(-1, 1) },
    defocusPx: rnd() < 0.5 ? between(0, 0.8) : between(0.8, 2.2),
    motionPx: motion ? between(2, 10) : 0,
    motionDeg: between(0, 180),
    noise: between(1.5, 5),
    jpegQuality: between(0.5, 0.75),
  }
}
