/**
 * The benchmark page (bench/tracking.ts drives it in headless Chromium): the camera is Chromium's
 * fake device playing a generated clip. The page asks the local recognizer for the print like the
 * app does (one search, with tracking on), hands `trackingImage` to the app's TrackingController,
 * renders the camera background and an anchored box with the app's scene code, and logs every
 * tracker answer and every drawn frame for the runner to score against the clip's ground truth.
 */
import { BoxGeometry, Matrix4, Mesh, MeshNormalMaterial } from 'three'
import { CameraBackground } from '../../src/scene/CameraBackground'
import { SceneRenderer } from '../../src/scene/SceneRenderer'
import { TrackingController, type HandOff } from '../../src/tracking/TrackingController'
import { intrinsicsFor, poseFromCorners, viewFovDeg } from '../../src/tracking/pose'
import type { Corners } from '../../src/tracking/workerProtocol'

interface ResultLog {
  t: number
  tag: number
  presented: number
  state: string
  method: string
  raw: Corners | null
  filtered: Corners | null
  workerMs: number
}

interface DrawLog {
  t: number
  /** In-step mode: the tag of the held frame on screen and when it was taken. */
  heldTag: number
  heldAt: number
  /** presentedFrames of the video frame on screen. */
  presented: number
  predicted: Corners | null
  latest: Corners | null
  poseMs: number
}

const params = new URLSearchParams(location.search)
const durationMs = Number(params.get('duration') ?? 25_000)
const log = {
  results: [] as ResultLog[],
  draws: [] as DrawLog[],
  /** rVFC presentedFrames at each frame sent to the tracker, by tag once known. */
  frames: [] as { t: number; presented: number }[],
  searchAnsweredAt: 0,
  searchMs: 0,
  lockMs: null as number | null,
  loadMs: null as number | null,
  lockFrames: null as number | null,
  referenceMs: null as number | null,
  mainThreadMs: 0,
  workerMs: 0,
  error: '',
  done: false,
}
;(window as unknown as { benchLog: typeof log }).benchLog = log

async function main(): Promise<void> {
  const video = document.getElementById('video') as HTMLVideoElement
  video.srcObject = await navigator.mediaDevices.getUserMedia({ video: { width: { ideal: 640 }, height: { ideal: 360 } }, audio: false })
  await video.play()
  await new Promise((r) => setTimeout(r, 300))

  const canvas = document.getElementById('scene') as HTMLCanvasElement
  const scene = new SceneRenderer({ canvas, maxPixelRatio: 1 })
  const background = new CameraBackground(scene.scene)
  background.setViewSize(scene.size.width, scene.size.height)
  background.attach(video, false)
  const box = new Mesh(new BoxGeometry(1, 1, 0.3), new MeshNormalMaterial())
  box.matrixAutoUpdate = false
  box.visible = false
  scene.scene.add(box)

  const inStep = params.get('instep') === '1'
  const tracking = new TrackingController({ video, probe: true, inStep, handOff: (params.get('handoff') ?? 'auto') as HandOff })
  // As the app does while the visitor aims.
  tracking.warm()
  const k = intrinsicsFor(video.videoWidth, video.videoHeight)
  scene.camera.fov = viewFovDeg(k, scene.size.width, scene.size.height)
  scene.camera.updateProjectionMatrix()

  // Every video frame's presentation count, to know which frame is on screen at each draw.
  let presented = 0
  const onVideoFrame = (now: number, meta: { presentedFrames: number }): void => {
    presented = meta.presentedFrames
    log.frames.push({ t: now, presented })
    video.requestVideoFrameCallback(onVideoFrame)
  }
  video.requestVideoFrameCallback(onVideoFrame)

  let lastFrames = 0
  scene.onFrame((_dt, now) => {
    const started = performance.now()
    const held = inStep ? tracking.heldFrame() : null
    if (inStep) background.showFrame(held?.frame ?? null)
    const predicted = inStep ? (held?.corners ?? null) : tracking.cornersAt(now)
    const latest = inStep ? (held?.corners ?? null) : tracking.cornersAt(-Infinity)
    if (predicted) {
      const pixels = predicted.map(([x, y]) => [x * k.width, y * k.height] as [number, number])
      const pose = poseFromCorners(pixels, 0.2, 0.2 * 0.75, k)
      if (pose) {
        box.matrix.fromArray(pose.matrix).multiply(new Matrix4().makeScale(0.2, 0.15, 0.2))
        box.visible = true
      }
    } else box.visible = false
    const stats = tracking.stats()
    if (stats.frames !== lastFrames) {
      lastFrames = stats.frames
      log.results.push({
        t: now,
        tag: stats.tag,
        presented: stats.presented,
        state: tracking.state,
        method: stats.method,
        raw: stats.rawCorners,
        filtered: tracking.snapshot().corners,
        workerMs: stats.workerMs,
      })
    }
    log.draws.push({
      t: now,
      presented,
      predicted,
      latest,
      poseMs: performance.now() - started,
      heldTag: held?.tag ?? -1,
      heldAt: held?.capturedAt ?? -1,
    })
  })
  scene.start()

  // One search, as the app makes it on a hit, but asking for the tracking image.
  const tokenAnswer = (await (await fetch('/token', { method: 'POST' })).json()) as {
    token?: string
    appId?: string
    result?: { token: string; appId: string }
  }
  const token = (tokenAnswer.result ?? tokenAnswer) as { token: string; appId: string }
  const shot = document.createElement('canvas')
  shot.width = video.videoWidth
  shot.height = video.videoHeight
  shot.getContext('2d')!.drawImage(video, 0, 0)
  const image = shot.toDataURL('image/jpeg', 0.8).split(',')[1]!
  const asked = performance.now()
  const answer = (await (
    await fetch('/search', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: token.token },
      body: JSON.stringify({ image, appId: token.appId, notracking: false }),
    })
  ).json()) as { statusCode: number; result: { target?: { targetId: string; trackingImage?: string } } }
  log.searchAnsweredAt = performance.now()
  log.searchMs = log.searchAnsweredAt - asked
  const target = answer.result.target
  if (answer.statusCode !== 0 || !target?.trackingImage) throw new Error(`search answered ${answer.statusCode}`)
  const bytes = Uint8Array.from(atob(target.trackingImage), (c) => c.charCodeAt(0))
  tracking.follow(target.targetId, new Blob([bytes], { type: 'image/jpeg' }))

  await new Promise((r) => setTimeout(r, durationMs))
  const stats = tracking.stats()
  log.lockMs = stats.lockMs
  log.loadMs = stats.loadMs
  log.lockFrames = stats.lockFrames
  log.referenceMs = stats.referenceMs
  log.mainThreadMs = stats.mainThreadMs
  log.workerMs = stats.workerMs
  scene.stop()
  tracking.dispose()
  log.done = true
}

main().catch((error: unknown) => {
  log.error = error instanceof Error ? `${error.message}\n${error.stack}` : String(error)
  log.done = true
})
