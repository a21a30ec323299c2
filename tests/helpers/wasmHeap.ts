import type { OpenCv } from '../../server/src/engine/loadOpenCv.ts'

/**
 * Where opencv.js's allocator puts a small block now. It climbs only while blocks are never freed,
 * so two readings around repeated work show a leak on the wasm heap (which no Node memory figure
 * breaks down, and which a worker never gives back).
 */
export function wasmHeapTop(cv: OpenCv): number {
  const block = cv._malloc(16) as number
  cv._free(block)
  return block
}
