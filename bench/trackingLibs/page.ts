/**
 * The bench:tracking-libs page (bench/trackingLibs.ts serves it, bundled, to headless Chromium and
 * to WebKitGTK's MiniBrowser): for each clip, each pipeline in turn gets a fresh Web Worker and the
 * same frames; each result is POSTed back to the runner as soon as it is in. One worker at a time,
 * so the pipelines never compete for the machine's two cores.
 */
import type { RunFailure, RunRequest, RunResult } from './protocol'

export interface Manifest {
  clips: {
    name: string
    frames: string
    reference: string
    referenceWidth: number
    referenceHeight: number
    count: number
    width: number
    height: number
  }[]
  /** Pipeline name → worker script. */
  pipelines: { name: string; worker: string }[]
  rounds: number
  detectEvery: number
}

const status = document.getElementById('status')!
const say = (text: string): void => {
  status.textContent = text
}

async function post(path: string, body: unknown): Promise<void> {
  await fetch(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) })
}

function runOne(worker: string, request: RunRequest): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const w = new Worker(worker)
    w.onmessage = (event: MessageEvent<RunResult | RunFailure>) => {
      w.terminate()
      if (event.data.type === 'done') resolve(event.data)
      else reject(new Error(`${event.data.name}: ${event.data.message}`))
    }
    w.onerror = (event) => {
      w.terminate()
      reject(new Error(`${request.name}: worker error ${event.message}`))
    }
    // Structured clone, not transfer: the page keeps the frames for the next pipeline.
    w.postMessage(request)
  })
}

async function main(): Promise<void> {
  const manifest = (await (await fetch('manifest.json')).json()) as Manifest
  for (const clip of manifest.clips) {
    say(`loading ${clip.name}`)
    const frames = await (await fetch(clip.frames)).arrayBuffer()
    const reference = new Uint8Array(await (await fetch(clip.reference)).arrayBuffer())
    for (let round = 0; round < manifest.rounds; round++) {
      // Alternate the order each round, so a slow spell on a shared machine is spread over all.
      const order = round % 2 ? [...manifest.pipelines].reverse() : manifest.pipelines
      for (const pipeline of order) {
        say(`${clip.name} round ${round + 1}: ${pipeline.name}`)
        const request: RunRequest = {
          type: 'run',
          name: pipeline.name,
          reference: { width: clip.referenceWidth, height: clip.referenceHeight, data: reference },
          frames,
          width: clip.width,
          height: clip.height,
          count: clip.count,
          detectEvery: manifest.detectEvery,
        }
        try {
          const result = await runOne(pipeline.worker, request)
          await post('result', { clip: clip.name, round, result })
        } catch (error) {
          await post('result', {
            clip: clip.name,
            round,
            error: error instanceof Error ? error.message : String(error),
            name: pipeline.name,
          })
        }
      }
    }
  }
  say('done')
  await post('done', { userAgent: navigator.userAgent, simd: wasmSimd() })
}

/** Whether this engine validates a WebAssembly module that uses a v128 (SIMD) instruction. */
function wasmSimd(): boolean {
  // (module (func (result v128) (v128.const i32x4 0 0 0 0)))
  const bytes = Uint8Array.of(
    0,
    97,
    115,
    109,
    1,
    0,
    0,
    0,
    1,
    5,
    1,
    96,
    0,
    1,
    123,
    3,
    2,
    1,
    0,
    10,
    22,
    1,
    20,
    0,
    253,
    12,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    11,
  )
  try {
    return WebAssembly.validate(bytes)
  } catch {
    return false
  }
}

main().catch((error: unknown) => {
  say(String(error))
  void post('done', { error: error instanceof Error ? `${error.message}\n${error.stack}` : String(error) })
})
