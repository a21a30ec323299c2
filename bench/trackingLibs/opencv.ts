/**
 * The slice of opencv.js (@techstark/opencv-js 4.12.0-release.1) that bench:tracking-libs calls,
 * typed narrowly: the package's own typings cover the whole library, and the Emscripten module
 * object is loaded in one of three shapes (see server/src/engine/loadOpenCv.ts).
 */
export interface CvMat {
  rows: number
  cols: number
  data: Uint8Array
  data32F: Float32Array
  data64F: Float64Array
  empty(): boolean
  delete(): void
}
export interface CvKeyPoint {
  pt: { x: number; y: number }
}
export interface CvVector<T> {
  size(): number
  get(i: number): T
  delete(): void
}
export interface CvDMatch {
  queryIdx: number
  trainIdx: number
  distance: number
}
export interface CvDMatchVector extends CvVector<CvDMatch> {}
export interface CvORB {
  detectAndCompute(image: CvMat, mask: CvMat, keypoints: CvVector<CvKeyPoint>, descriptors: CvMat): void
  delete(): void
}
export interface CvBFMatcher {
  knnMatch(query: CvMat, train: CvMat, matches: CvVector<CvDMatchVector>, k: number): void
  delete(): void
}
export interface CvSize {
  width: number
  height: number
}

export interface OpenCv {
  Mat: { new (): CvMat; new (rows: number, cols: number, type: number): CvMat }
  KeyPointVector: new () => CvVector<CvKeyPoint>
  DMatchVectorVector: new () => CvVector<CvDMatchVector>
  ORB: new (
    nfeatures: number,
    scaleFactor: number,
    nlevels: number,
    edgeThreshold: number,
    firstLevel: number,
    wtaK: number,
    scoreType: number,
    patchSize: number,
    fastThreshold: number,
  ) => CvORB
  BFMatcher: new (normType: number, crossCheck: boolean) => CvBFMatcher
  Size: new (width: number, height: number) => CvSize
  TermCriteria: new (type: number, maxCount: number, epsilon: number) => unknown
  matFromArray(rows: number, cols: number, type: number, array: ArrayLike<number>): CvMat
  findHomography(src: CvMat, dst: CvMat, method: number, threshold: number, mask: CvMat, maxIters: number, confidence: number): CvMat
  calcOpticalFlowPyrLK(
    prev: CvMat,
    next: CvMat,
    prevPts: CvMat,
    nextPts: CvMat,
    status: CvMat,
    err: CvMat,
    winSize: CvSize,
    maxLevel: number,
    criteria: unknown,
    flags: number,
    minEigThreshold: number,
  ): void
  goodFeaturesToTrack(
    image: CvMat,
    corners: CvMat,
    maxCorners: number,
    qualityLevel: number,
    minDistance: number,
    mask: CvMat,
    blockSize: number,
    useHarris: boolean,
    k: number,
  ): void
  pyrDown(src: CvMat, dst: CvMat): void
  resize(src: CvMat, dst: CvMat, size: CvSize, fx: number, fy: number, interpolation: number): void
  warpPerspective(src: CvMat, dst: CvMat, m: CvMat, size: CvSize, flags: number, borderMode: number): void
  CV_8UC1: number
  CV_32FC2: number
  CV_64FC1: number
  NORM_HAMMING: number
  RANSAC: number
  ORB_HARRIS_SCORE: number
  TERM_CRITERIA_COUNT: number
  TERM_CRITERIA_EPS: number
  INTER_AREA: number
  INTER_LINEAR: number
  BORDER_REPLICATE: number
  onRuntimeInitialized?: () => void
}

/** Waits for the WebAssembly runtime, whatever shape the module arrives in. */
export async function readyOpenCv(module: unknown): Promise<OpenCv> {
  let cv = module as OpenCv & { then?: unknown }
  if (cv instanceof Promise) cv = (await cv) as OpenCv & { then?: unknown }
  else if (!('Mat' in cv) || !cv.Mat) await new Promise<void>((resolve) => (cv.onRuntimeInitialized = resolve))
  // A thenable module would make `await` recurse into itself forever.
  if (typeof cv.then === 'function') delete cv.then
  return cv
}
