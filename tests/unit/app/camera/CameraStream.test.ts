import { describe, expect, it } from 'vitest'
import { CameraStream } from '../../../../src/camera/CameraStream'
import type { CameraStatus } from '../../../../src/core/status'
import { domError, FakeDocument, FakeMediaDevices, FakeStream, FakeTrack, FakeVideo, flush } from './fakes'

function setup(md: FakeMediaDevices | null = new FakeMediaDevices(), extra: { inAppBrowser?: string; insecure?: boolean } = {}) {
  const video = new FakeVideo()
  const doc = new FakeDocument()
  const camera = new CameraStream({
    video: video as unknown as HTMLVideoElement,
    // null = a browser whose navigator.mediaDevices lacks getUserMedia
    mediaDevices: (md ?? {}) as unknown as MediaDevices,
    document: doc as unknown as Document,
    ...extra,
  })
  const statuses: CameraStatus[] = []
  camera.on('status', ({ status }) => statuses.push(status))
  return { camera, video, doc, md, statuses }
}

describe('CameraStream', () => {
  it('prepares the video as muted, inline, autoplay', () => {
    const { video } = setup()
    expect(video.muted).toBe(true)
    expect(video.playsInline).toBe(true)
    expect(video.autoplay).toBe(true)
    expect(video.attributes.has('playsinline')).toBe(true)
  })

  it('starts live with an ideal facingMode and plays after loadedmetadata', async () => {
    const { camera, video, md, statuses } = setup()
    const streams: boolean[] = []
    camera.on('stream', ({ mirrored }) => streams.push(mirrored))
    expect(await camera.start()).toBe(true)
    expect(statuses).toEqual(['starting', 'live'])
    expect(JSON.stringify(md?.calls[0])).toContain('"facingMode":{"ideal":"environment"}')
    expect(video.playCalls).toBe(1)
    expect(video.readyState).toBe(4)
    expect(streams).toEqual([false])
  })

  it('start() is idempotent', async () => {
    const { camera, md } = setup()
    const a = camera.start()
    const b = camera.start()
    await Promise.all([a, b])
    await camera.start()
    expect(md?.calls).toHaveLength(1)
  })

  it('stop() stops every track and goes idle', async () => {
    const { camera, md, video, statuses } = setup()
    await camera.start()
    camera.stop()
    expect(md?.streams[0]?.tracks.every((t) => t.stopped)).toBe(true)
    expect(video.srcObject).toBeNull()
    expect(statuses.at(-1)).toBe('idle')
    camera.stop() // twice is fine
  })

  it.each([
    ['NotAllowedError', 'denied'],
    ['NotFoundError', 'no-camera'],
    ['NotReadableError', 'busy'],
    ['AbortError', 'busy'],
  ] as const)('turns %s into the %s status', async (name, status) => {
    const { camera } = setup(new FakeMediaDevices(() => domError(name)))
    expect(await camera.start()).toBe(false)
    expect(camera.status).toBe(status)
  })

  it('falls back down to {video: true} when facingMode is refused', async () => {
    const md = new FakeMediaDevices((c) => (JSON.stringify(c).includes('facingMode') ? domError('OverconstrainedError') : new FakeStream()))
    const { camera } = setup(md)
    const steps: number[] = []
    camera.on('fallback', ({ step }) => steps.push(step))
    expect(await camera.start()).toBe(true)
    expect(md.calls.at(-1)).toEqual({ audio: false, video: true })
    expect(steps).toEqual([0, 1, 2])
  })

  it('reports unsupported without mediaDevices, in-app-browser inside a webview', async () => {
    const plain = setup(null)
    await plain.camera.start()
    expect(plain.camera.status).toBe('unsupported')
    const inApp = setup(null, { inAppBrowser: 'Instagram' })
    await inApp.camera.start()
    expect(inApp.camera.status).toBe('in-app-browser')
  })

  it('reports insecure without calling getUserMedia', async () => {
    const { camera, md } = setup(new FakeMediaDevices(), { insecure: true })
    await camera.start()
    expect(camera.status).toBe('insecure')
    expect(md?.calls).toHaveLength(0)
  })

  it('releases the camera while the page is hidden and reopens it when visible', async () => {
    const { camera, doc, md, statuses } = setup()
    await camera.start()
    doc.setVisibility('hidden')
    expect(camera.status).toBe('paused')
    expect(md?.streams[0]?.tracks[0]?.stopped).toBe(true)
    doc.setVisibility('visible')
    await flush()
    await flush()
    expect(camera.status).toBe('live')
    expect(md?.calls).toHaveLength(2)
    expect(statuses).toEqual(['starting', 'live', 'paused', 'starting', 'live'])
  })

  it('removes its visibility listener on stop()', async () => {
    const { camera, doc, md } = setup()
    await camera.start()
    camera.stop()
    doc.setVisibility('hidden')
    doc.setVisibility('visible')
    await flush()
    expect(md?.calls).toHaveLength(1)
    expect(camera.status).toBe('idle')
  })

  it('switching to the front camera mirrors the preview and asks for facingMode user', async () => {
    const { camera, md } = setup()
    await camera.start()
    const mirrored: boolean[] = []
    camera.on('stream', (e) => mirrored.push(e.mirrored))
    await camera.switchFacing()
    expect(camera.facing).toBe('user')
    expect(camera.mirrored).toBe(true)
    expect(mirrored).toEqual([true])
    expect(JSON.stringify(md?.calls.at(-1))).toContain('"ideal":"user"')
    expect(md?.streams[0]?.tracks[0]?.stopped).toBe(true)
  })

  it('trusts the track facingMode setting over the request', async () => {
    const md = new FakeMediaDevices(() => new FakeStream(new FakeTrack('Camera', { facingMode: 'environment' })))
    const { camera } = setup(md)
    await camera.start()
    await camera.switchFacing()
    expect(camera.mirrored).toBe(false)
  })

  it('lists cameras after permission and forwards video resizes', async () => {
    const md = new FakeMediaDevices()
    md.devices = [
      { kind: 'videoinput', deviceId: 'a', label: 'Back Camera' },
      { kind: 'videoinput', deviceId: 'b', label: 'Front Camera' },
      { kind: 'audioinput', deviceId: 'm', label: 'Mic' },
    ]
    const { camera, video } = setup(md)
    const lists: number[] = []
    const sizes: string[] = []
    camera.on('devices', ({ devices }) => lists.push(devices.length))
    camera.on('resize', ({ width, height }) => sizes.push(`${width}x${height}`))
    await camera.start()
    await flush()
    expect(lists).toEqual([2])
    video.resizeTo(720, 1280)
    expect(sizes).toEqual(['1280x720', '720x1280'])
  })

  it('asks for a gesture when play() is refused', async () => {
    const { camera, video } = setup()
    video.playError = domError('NotAllowedError')
    let asked = 0
    camera.on('needs-gesture', () => asked++)
    await camera.start()
    expect(asked).toBe(1)
    expect(camera.status).toBe('live')
    video.playError = null
    await camera.resume()
    expect(video.paused).toBe(false)
  })

  it('goes busy when the track ends, and retry() reopens', async () => {
    const { camera, md } = setup()
    await camera.start()
    md?.streams[0]?.tracks[0]?.dispatchEvent(new Event('ended'))
    expect(camera.status).toBe('busy')
    expect(await camera.retry()).toBe(true)
    expect(camera.status).toBe('live')
  })

  it('drops a stream that arrives after stop()', async () => {
    let release: (s: FakeStream) => void = () => {}
    const md = new FakeMediaDevices()
    md.getUserMedia = (c) => {
      md.calls.push(c)
      return new Promise((resolve) => {
        release = (s) => resolve(s as unknown as MediaStream)
      })
    }
    const { camera } = setup(md)
    const started = camera.start()
    camera.stop()
    const late = new FakeStream()
    release(late)
    expect(await started).toBe(false)
    expect(late.tracks[0]?.stopped).toBe(true)
    expect(camera.status).toBe('idle')
  })
})
