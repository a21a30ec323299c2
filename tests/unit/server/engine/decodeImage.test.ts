import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import { decodeImage, MAX_ENCODED_BYTES } from '../../../../server/src/engine/decodeImage.ts'
import { EngineError } from '../../../../server/src/engine/types.ts'
import { pngDeclaring } from '../../../helpers/sampleTargets.ts'

async function statusOf(promise: Promise<unknown>): Promise<number | undefined> {
  try {
    await promise
    return undefined
  } catch (error) {
    expect(error).toBeInstanceOf(EngineError)
    return (error as EngineError).statusCode
  }
}

describe('decodeImage', () => {
  it('decodes a JPEG to greyscale within the requested long side', async () => {
    const jpeg = await sharp({ create: { width: 2000, height: 1000, channels: 3, background: '#808080' } })
      .jpeg()
      .toBuffer()
    const grey = await decodeImage(jpeg, 1024)
    expect([grey.width, grey.height, grey.data.length]).toEqual([1024, 512, 1024 * 512])
    expect([grey.sourceWidth, grey.sourceHeight]).toEqual([2000, 1000])
  })

  it('applies EXIF orientation before resizing', async () => {
    const jpeg = await sharp({ create: { width: 400, height: 200, channels: 3, background: '#808080' } })
      .withMetadata({ orientation: 6 })
      .jpeg()
      .toBuffer()
    const grey = await decodeImage(jpeg, 1024)
    expect([grey.width, grey.height]).toEqual([200, 400])
  })

  it('refuses bytes that are not an image with 427', async () => {
    expect(await statusOf(decodeImage(new TextEncoder().encode('definitely not a picture'), 1024))).toBe(427)
    expect(await statusOf(decodeImage(new Uint8Array(0), 1024))).toBe(427)
  })

  it('refuses a truncated JPEG with 427', async () => {
    const jpeg = await sharp({ create: { width: 300, height: 300, channels: 3, background: '#123456' } })
      .jpeg()
      .toBuffer()
    expect(await statusOf(decodeImage(jpeg.subarray(0, 200), 1024))).toBe(427)
  })

  it('refuses an image that is too small with 427', async () => {
    const png = await sharp({ create: { width: 40, height: 40, channels: 3, background: '#fff' } })
      .png()
      .toBuffer()
    expect(await statusOf(decodeImage(png, 1024))).toBe(427)
  })

  // Regression: a 64000x64 PNG (12 KB) was resized to 1280x1 for a search; ORB then threw from
  // WASM, every request was a 501 "engine worker: undefined" and the WASM heap kept ~100 MB per 300.
  it('refuses with 427 an image whose short side resizing would take under 64 px, from its header', async () => {
    const strip = await sharp({ create: { width: 64_000, height: 64, channels: 3, background: '#808080' } })
      .png()
      .toBuffer()
    expect(await statusOf(decodeImage(strip, 1280))).toBe(427)
    await expect(decodeImage(strip, 1280)).rejects.toThrow(/too narrow \(its short side would be 1 px/)
    // The same proportions stop being a problem where the short side survives: 1280x64 at 1280 is fine.
    const wide = await sharp({ create: { width: 1280, height: 64, channels: 3, background: '#808080' } })
      .png()
      .toBuffer()
    expect((await decodeImage(wide, 1280)).height).toBe(64)
    expect(await statusOf(decodeImage(wide, 640))).toBe(427)
  })

  it('refuses a tiny PNG declaring 20000x20000 from its header, without decoding it', async () => {
    const small = await sharp({ create: { width: 100, height: 100, channels: 3, background: '#fff' } })
      .png()
      .toBuffer()
    const bomb = pngDeclaring(20_000, 20_000, small)
    const rssBefore = process.memoryUsage().rss
    expect(await statusOf(decodeImage(bomb, 1024))).toBe(427)
    // Refused by the header check (sharp's metadata() pixel limit, or ours on the declared size),
    // not by the decoding pipeline's own limit ("could not be decoded"): no pixel was decoded.
    // (Was a 200 ms wall-clock bound, which a busy machine can exceed without any decoding.)
    const refusal = await decodeImage(bomb, 1024).catch((error: Error) => error.message)
    expect(refusal).toMatch(/exceeds/)
    expect(refusal).not.toMatch(/could not be decoded/)
    // 20000² grey pixels would be 400 MB; refusing from the header allocates nothing like that.
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(50 * 1024 * 1024)
  })

  it('refuses more than 2 MB with 422', async () => {
    expect(await statusOf(decodeImage(new Uint8Array(MAX_ENCODED_BYTES + 1), 1024))).toBe(422)
  })
})
