import { describe, expect, it, vi } from 'vitest'
import { base64DecodedLength, captureSize, cropWithin, FrameCapture, type CaptureCanvas } from '../../../../src/camera/captureFrame'
import { visibleRect } from '../../../../src/core/coverFit'
import { base64ToBytes, bytesToBase64 } from '../../../../src/protocol/base64'

describe('captureSize', () => {
  it('scales the long side down to longSide, keeping the aspect', () => {
    expect(captureSize(1920, 1080, 640)).toEqual({ width: 640, height: 360 })
    expect(captureSize(1080, 1920, 640)).toEqual({ width: 360, height: 640 })
    expect(captureSize(1280, 960, 800)).toEqual({ width: 800, height: 600 })
  })
  it('never upscales', () => {
    expect(captureSize(480, 360, 640)).toEqual({ width: 480, height: 360 })
  })
  it('returns null while the video has no size', () => {
    expect(captureSize(0, 0, 640)).toBeNull()
    expect(captureSize(NaN, 480, 640)).toBeNull()
  })
  it('never returns a zero side for extreme aspects', () => {
    expect(captureSize(10000, 1, 640)).toEqual({ width: 640, height: 1 })
  })
})

function fakeCanvas(jpeg: Uint8Array) {
  const context = { setTransform: vi.fn(), drawImage: vi.fn() }
  const canvas: CaptureCanvas & { context: typeof context } = {
    width: 300,
    height: 150,
    context,
    getContext: () => context,
    toDataURL: (type?: string, quality?: number) => {
      expect(type).toBe('image/jpeg')
      expect(quality).toBe(0.7)
      return `data:image/jpeg;base64,${bytesToBase64(jpeg)}`
    },
  }
  return canvas
}

describe('FrameCapture', () => {
  const jpeg = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3])

  it('draws the unmirrored frame at capture size into one reused canvas and encodes JPEG', async () => {
    const canvas = fakeCanvas(jpeg)
    const createCanvas = vi.fn(() => canvas)
    const video = { videoWidth: 1280, videoHeight: 720, readyState: 4 }
    const capture = new FrameCapture({ video, config: { captureLongSide: 640, jpegQuality: 0.7 }, createCanvas })
    const frame = await capture.capture()
    expect(frame).toMatchObject({ width: 640, height: 360, bytes: jpeg.byteLength })
    expect(Array.from(base64ToBytes(frame!.image)!)).toEqual(Array.from(jpeg))
    expect(canvas.context.setTransform).toHaveBeenCalledWith(1, 0, 0, 1, 0, 0)
    expect(canvas.context.drawImage).toHaveBeenCalledWith(video, 0, 0, 640, 360)
    await capture.capture()
    expect(createCanvas).toHaveBeenCalledTimes(1)
    capture.dispose()
    expect(canvas.width).toBe(0)
  })

  it('returns null before the video has a frame', async () => {
    const capture = new FrameCapture({
      video: { videoWidth: 0, videoHeight: 0, readyState: 1 },
      config: { captureLongSide: 640, jpegQuality: 0.7 },
      createCanvas: () => fakeCanvas(jpeg),
    })
    expect(await capture.capture()).toBeNull()
  })

  it('reports the decoded byte count of the base64 payload', async () => {
    const canvas = fakeCanvas(jpeg)
    canvas.toDataURL = () => 'data:image/jpeg;base64,AAAA'
    const capture = new FrameCapture({
      video: { videoWidth: 64, videoHeight: 48, readyState: 4 },
      config: { captureLongSide: 640, jpegQuality: 0.7 },
      createCanvas: () => canvas,
    })
    expect(await capture.capture()).toEqual({ image: 'AAAA', bytes: 3, width: 64, height: 48 })
    expect(base64DecodedLength('aGVsbG8=')).toBe(5)
  })
})

describe('FrameCapture of what the visitor sees', () => {
  const jpeg = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3])

  it('sends only the on-screen middle of a landscape camera behind a portrait page, at full resolution', async () => {
    const canvas = fakeCanvas(jpeg)
    const video = { videoWidth: 1280, videoHeight: 720, readyState: 4 }
    const visible = () => visibleRect(video.videoWidth, video.videoHeight, 390, 844)
    const capture = new FrameCapture({ video, config: { captureLongSide: 800, jpegQuality: 0.7 }, createCanvas: () => canvas, visible })
    const frame = await capture.capture()
    // 333 of 1280 columns are on screen: sent as 334 × 720 (whole pixels), not shrunk to 800 wide.
    expect(frame).toMatchObject({ width: 334, height: 720 })
    expect(canvas.context.drawImage).toHaveBeenCalledWith(video, 473, 0, 334, 720, 0, 0, 334, 720)
  })

  it('scales a large visible part to the capture size', async () => {
    const canvas = fakeCanvas(jpeg)
    const video = { videoWidth: 1920, videoHeight: 1080, readyState: 4 }
    const capture = new FrameCapture({
      video,
      config: { captureLongSide: 800, jpegQuality: 0.7 },
      createCanvas: () => canvas,
      visible: () => visibleRect(1920, 1080, 1000, 800),
    })
    const frame = await capture.capture()
    expect(frame).toMatchObject({ width: 800, height: 640 })
    expect(canvas.context.drawImage).toHaveBeenCalledWith(video, 285, 0, 1350, 1080, 0, 0, 800, 640)
  })

  it('sends the whole frame when all of it is on screen or the page size is unknown', async () => {
    const canvas = fakeCanvas(jpeg)
    const video = { videoWidth: 1280, videoHeight: 720, readyState: 4 }
    let view = { width: 0, height: 0 }
    const capture = new FrameCapture({
      video,
      config: { captureLongSide: 640, jpegQuality: 0.7 },
      createCanvas: () => canvas,
      visible: () => visibleRect(1280, 720, view.width, view.height),
    })
    await capture.capture()
    expect(canvas.context.drawImage).toHaveBeenLastCalledWith(video, 0, 0, 640, 360)
    view = { width: 1600, height: 900 }
    await capture.capture()
    expect(canvas.context.drawImage).toHaveBeenLastCalledWith(video, 0, 0, 640, 360)
  })

  it('keeps a crop inside the frame, in whole pixels', () => {
    expect(cropWithin({ x: -3.2, y: 10.5, width: 100.4, height: 50 }, 1280, 720)).toEqual({ x: 0, y: 10, width: 98, height: 51 })
    expect(cropWithin({ x: 1200, y: 0, width: 200, height: 720 }, 1280, 720)).toEqual({ x: 1200, y: 0, width: 80, height: 720 })
    expect(cropWithin({ x: 0, y: 0, width: 0, height: 720 }, 1280, 720)).toBeNull()
    expect(cropWithin(null, 1280, 720)).toBeNull()
  })
})
