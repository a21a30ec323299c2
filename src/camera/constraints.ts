/**
 * The getUserMedia constraint ladder: ask for the best setting first and step down until one
 * works, ending at `{video: true}` so a camera that exists is never refused. facingMode is
 * always IDEAL: `exact` fails with OverconstrainedError on cameras that don't report a facing
 * (desktop webcams, Chromium's fake camera).
 */
export type Facing = 'environment' | 'user'

export interface LadderOptions {
  facing: Facing
  /** A camera picked by the visitor; tried first, with `exact` (they chose it). */
  deviceId?: string | null
}

/** Resolutions to try, best first. 1280x720 is plenty for a 640-px capture and keeps fps up. */
export const RESOLUTION_LADDER: ReadonlyArray<readonly [width: number, height: number]> = [
  [1280, 720],
  [640, 480],
]

export function buildConstraintLadder({ facing, deviceId }: LadderOptions): MediaStreamConstraints[] {
  const ladder: MediaStreamConstraints[] = []
  if (deviceId) {
    for (const [w, h] of RESOLUTION_LADDER) {
      ladder.push({ audio: false, video: { deviceId: { exact: deviceId }, width: { ideal: w }, height: { ideal: h } } })
    }
    ladder.push({ audio: false, video: { deviceId: { exact: deviceId } } })
  }
  for (const [w, h] of RESOLUTION_LADDER) {
    ladder.push({ audio: false, video: { facingMode: { ideal: facing }, width: { ideal: w }, height: { ideal: h } } })
  }
  ladder.push({ audio: false, video: { facingMode: { ideal: facing } } })
  ladder.push({ audio: false, video: true })
  return ladder
}

/** Errors after which no other constraint can help: the visitor (or policy) said no. */
const FATAL_ERRORS = new Set(['NotAllowedError', 'PermissionDeniedError', 'SecurityError'])
/** Errors that say more than a later OverconstrainedError would: report these if all steps fail. */
const INFORMATIVE_ERRORS = new Set(['NotReadableError', 'TrackStartError', 'AbortError'])

export interface LadderResult {
  stream: MediaStream
  /** Index of the step that worked (0 = first choice). */
  step: number
  constraints: MediaStreamConstraints
}

export type GetUserMedia = (constraints: MediaStreamConstraints) => Promise<MediaStream>

const nameOf = (error: unknown) =>
  error && typeof error === 'object' && 'name' in error && typeof error.name === 'string' ? error.name : ''

/**
 * Tries each step in turn. `onStep(i, error)` is called before falling back, so the UI can
 * show each degradation. Rejects with the most informative error when every step failed.
 * `isCurrent()` lets a caller abandon the ladder (a newer start() or a stop()).
 */
export async function openWithFallback(
  getUserMedia: GetUserMedia,
  ladder: readonly MediaStreamConstraints[],
  onStep?: (failedStep: number, error: unknown) => void,
  isCurrent: () => boolean = () => true,
): Promise<LadderResult> {
  let lastError: unknown = new DOMExceptionLike('NotFoundError', 'no constraints to try')
  let informative: unknown = null
  for (let step = 0; step < ladder.length; step++) {
    const constraints = ladder[step]!
    try {
      const stream = await getUserMedia(constraints)
      return { stream, step, constraints }
    } catch (error) {
      const name = nameOf(error)
      if (FATAL_ERRORS.has(name) || !isCurrent()) throw error
      if (INFORMATIVE_ERRORS.has(name)) informative ??= error
      lastError = error
      if (step < ladder.length - 1) onStep?.(step, error)
    }
  }
  throw informative ?? lastError
}

/** Error shaped like a DOMException, for environments (Node tests) without one. */
class DOMExceptionLike extends Error {
  constructor(
    override readonly name: string,
    message: string,
  ) {
    super(message)
  }
}
