import { describe, expect, it, vi } from 'vitest'
import { FrameGate } from '../../../../src/camera/frameGate'
import { THUMBNAIL_OVERSAMPLE } from '../../../../src/camera/lumaThumbnail'
import { SmartCapture, type ThumbnailCanvas, type ThumbnailContext } from '../../../../src/camera/SmartCapture'

/** A canvas whose pixels are a fixed RGBA pattern of whatever size is asked for. */
function fakeCanvas(pixel: (x: number, y: number) => number) {
  const context = {
    imageSmoothingEnabled: false,
    imageSmoothingQuality: 'low' as ThumbnailContext['imageSmoothingQuality'],
    setTransform: vi.fn(),
    drawImage: vi.fn(),
    getImageData: vi.fn((_x: number, _y: number, w: number, h: number) => {
      const data = new Uint8ClampedArray(w * h * 4)
      for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) data.fill(pixel(x, y), (y * w + x) * 4, (y * w + x) * 4 + 3)
      return { data }
    }),
  }
  const getContext = vi.fn((_id: '2d', _options: { willReadFrequently: boolean }) => context)
  const canvas: ThumbnailCanvas & { context: typeof context; getContext: typeof getContext } = {
    width: 300,
    height: 150,
    context,
    getContext,
  }
  return canvas
}

const checker = (x: number, y: number) => (((x >> 3) + (y >> 3)) % 2 ? 230 : 30)

describe('SmartCapture', () => {
  it('draws the frame 2× the 96-px thumbnail into one reused, read-friendly canvas and asks the gate', () => {
    const canvas = fakeCanvas(checker)
    const createCanvas = vi.fn(() => canvas)
    const gate = new FrameGate()
    const assess = vi.spyOn(gate, 'assess')
    const video = { videoWidth: 1280, videoHeight: 720, readyState: 4 }
    const smart = new SmartCapture({ video, config: { smartCapture: true }, gate, createCanvas })
    expect(smart.assess()).toEqual({ send: true, settled: false })
    expect(smart.assess()).toEqual({ send: true, settled: false })
    expect(createCanvas).toHaveBeenCalledTimes(1)
    expect(canvas.getContext).toHaveBeenCalledWith('2d', { willReadFrequently: true })
    expect([canvas.width, canvas.height]).toEqual([96 * THUMBNAIL_OVERSAMPLE, 54 * THUMBNAIL_OVERSAMPLE])
    expect(canvas.context.drawImage).toHaveBeenCalledWith(video, 0, 0, canvas.width, canvas.height)
    expect(canvas.context.imageSmoothingEnabled).toBe(true)
    const thumbnail = assess.mock.calls[0]![0]
    expect([thumbnail.width, thumbnail.height]).toEqual([96, 54])
    smart.dispose()
    expect(canvas.width).toBe(0)
  })

  it('passes what became of a sent frame to the gate: the same view after a miss is skipped', () => {
    const smart = new SmartCapture({
      video: { videoWidth: 640, videoHeight: 480, readyState: 4 },
      config: { smartCapture: true },
      createCanvas: () => fakeCanvas(checker),
    })
    expect(smart.assess()?.send).toBe(true)
    smart.noteSent()
    smart.noteResult('miss')
    expect(smart.assess()).toEqual({ send: false, reason: 'unchanged' })
    smart.reset()
    expect(smart.assess()?.send).toBe(true)
  })

  it('has no verdict before the video has a frame', () => {
    const smart = new SmartCapture({
      video: { videoWidth: 0, videoHeight: 0, readyState: 1 },
      config: { smartCapture: true },
      createCanvas: () => fakeCanvas(checker),
    })
    expect(smart.assess()).toBeNull()
  })

  it('reads config.smartCapture live', () => {
    const config = { smartCapture: true }
    const smart = new SmartCapture({
      video: { videoWidth: 640, videoHeight: 480, readyState: 4 },
      config,
      createCanvas: () => fakeCanvas(checker),
    })
    expect(smart.enabled).toBe(true)
    config.smartCapture = false
    expect(smart.enabled).toBe(false)
  })
})
