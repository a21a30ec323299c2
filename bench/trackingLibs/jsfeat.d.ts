/**
 * Types for the part of jsfeat 0.0.8 that bench:tracking-libs uses (the package ships none, and
 * there is no @types/jsfeat). Shapes read from node_modules/jsfeat/src.
 */
declare module 'jsfeat' {
  namespace jsfeat {
    type TypedData = Uint8Array | Int32Array | Float32Array | Float64Array
    class matrix_t {
      constructor(cols: number, rows: number, dataType: number, dataBuffer?: unknown)
      cols: number
      rows: number
      type: number
      channel: number
      data: TypedData
      resize(cols: number, rows: number, channels?: number): void
    }
    class pyramid_t {
      constructor(levels: number)
      levels: number
      data: matrix_t[]
      allocate(width: number, height: number, dataType: number): void
      /** Fills levels 1…n−1 from `input`; level 0 is copied from it unless `skipFirstLevel`. */
      build(input: matrix_t, skipFirstLevel?: boolean): void
    }
    class keypoint_t {
      constructor(x?: number, y?: number, score?: number, level?: number, angle?: number)
      x: number
      y: number
      score: number
      level: number
      angle: number
    }
    class ransac_params_t {
      constructor(size: number, thresh: number, eps: number, prob: number)
    }
    interface Point {
      x: number
      y: number
    }
    interface MotionKernel {
      run(from: Point[], to: Point[], model: matrix_t, count: number): number
    }
    const U8_t: number
    const S32_t: number
    const F32_t: number
    const C1_t: number
    const U8C1_t: number
    const imgproc: {
      gaussian_blur(src: matrix_t, dst: matrix_t, kernelSize: number, sigma?: number): void
      pyrdown(src: matrix_t, dst: matrix_t): void
      resample(src: matrix_t, dst: matrix_t, width: number, height: number): void
      /** `transform` maps destination pixels to source pixels. */
      warp_perspective(src: matrix_t, dst: matrix_t, transform: matrix_t, fill?: number): void
    }
    const fast_corners: {
      set_threshold(threshold: number): number
      detect(src: matrix_t, corners: keypoint_t[], border?: number): number
    }
    const yape06: {
      laplacian_threshold: number
      min_eigen_value_threshold: number
      detect(src: matrix_t, corners: keypoint_t[], border?: number): number
    }
    const orb: {
      /** 32-byte descriptors, one row per keypoint, computed from a 32×32 patch rotated by `angle`. */
      describe(src: matrix_t, corners: keypoint_t[], count: number, descriptors: matrix_t): void
    }
    const optical_flow_lk: {
      track(
        prev: pyramid_t,
        curr: pyramid_t,
        prevXy: Float32Array,
        currXy: Float32Array,
        count: number,
        winSize: number,
        maxIterations?: number,
        status?: Uint8Array,
        eps?: number,
        minEigenThreshold?: number,
      ): void
    }
    const motion_model: {
      homography2d: new () => MotionKernel
    }
    const motion_estimator: {
      ransac(
        params: ransac_params_t,
        kernel: MotionKernel,
        from: Point[],
        to: Point[],
        count: number,
        model: matrix_t,
        mask: matrix_t,
        maxIterations?: number,
      ): boolean
    }
  }
  export = jsfeat
}
