import { describe, expect, it } from 'vitest'
import { buildConstraintLadder, openWithFallback } from '../../../../src/camera/constraints'
import { domError, FakeMediaDevices, FakeStream } from './fakes'

const json = (value: unknown) => JSON.stringify(value)

describe('buildConstraintLadder', () => {
  it('never uses an exact facingMode and ends at {video: true}', () => {
    const ladder = buildConstraintLadder({ facing: 'environment' })
    expect(json(ladder)).not.toContain('"exact"')
    expect(ladder.at(-1)).toEqual({ audio: false, video: true })
    expect(ladder[0]).toEqual({
      audio: false,
      video: { facingMode: { ideal: 'environment' }, width: { ideal: 1280 }, height: { ideal: 720 } },
    })
    expect(ladder[1]?.video).toMatchObject({ width: { ideal: 640 }, height: { ideal: 480 } })
    expect(ladder[2]).toEqual({ audio: false, video: { facingMode: { ideal: 'environment' } } })
  })

  it('tries a picked camera first (exact deviceId), then falls back to facing', () => {
    const ladder = buildConstraintLadder({ facing: 'user', deviceId: 'abc' })
    expect(ladder[0]?.video).toMatchObject({ deviceId: { exact: 'abc' }, width: { ideal: 1280 } })
    expect(ladder.slice(3).every((c) => !json(c).includes('deviceId'))).toBe(true)
    expect(json(ladder.slice(3))).toContain('"ideal":"user"')
    expect(ladder.at(-1)).toEqual({ audio: false, video: true })
  })
})

describe('openWithFallback', () => {
  it('steps down until a constraint works and reports each failed step', async () => {
    // A camera that rejects any facingMode and any 1280 request (like some webviews).
    const md = new FakeMediaDevices((c) => {
      const text = json(c)
      if (text.includes('facingMode')) return domError('OverconstrainedError')
      return new FakeStream()
    })
    const steps: number[] = []
    const ladder = buildConstraintLadder({ facing: 'environment' })
    const result = await openWithFallback(
      (c) => md.getUserMedia(c),
      ladder,
      (i) => steps.push(i),
    )
    expect(result.step).toBe(ladder.length - 1)
    expect(result.constraints).toEqual({ audio: false, video: true })
    expect(steps).toEqual([0, 1, 2])
    expect(md.calls).toHaveLength(ladder.length)
  })

  it('falls back from an exact-facing-like rejection to the 640x480 step', async () => {
    const md = new FakeMediaDevices((c) => (json(c).includes('1280') ? domError('OverconstrainedError') : new FakeStream()))
    const result = await openWithFallback((c) => md.getUserMedia(c), buildConstraintLadder({ facing: 'environment' }))
    expect(result.step).toBe(1)
  })

  it('stops at once when the visitor denied the camera', async () => {
    const md = new FakeMediaDevices(() => domError('NotAllowedError'))
    await expect(openWithFallback((c) => md.getUserMedia(c), buildConstraintLadder({ facing: 'environment' }))).rejects.toMatchObject({
      name: 'NotAllowedError',
    })
    expect(md.calls).toHaveLength(1)
  })

  it('reports a busy camera rather than the last OverconstrainedError', async () => {
    let n = 0
    const md = new FakeMediaDevices(() => (n++ === 0 ? domError('NotReadableError') : domError('OverconstrainedError')))
    await expect(openWithFallback((c) => md.getUserMedia(c), buildConstraintLadder({ facing: 'user' }))).rejects.toMatchObject({
      name: 'NotReadableError',
    })
  })

  it('rejects with NotFoundError when there is no camera at all', async () => {
    const md = new FakeMediaDevices(() => domError('NotFoundError'))
    await expect(openWithFallback((c) => md.getUserMedia(c), buildConstraintLadder({ facing: 'environment' }))).rejects.toMatchObject({
      name: 'NotFoundError',
    })
    expect(md.calls).toHaveLength(4)
  })

  it('gives up early when the caller is no longer current', async () => {
    const md = new FakeMediaDevices(() => domError('OverconstrainedError'))
    let current = true
    const attempt = openWithFallback(
      async (c) => {
        current = false
        return md.getUserMedia(c)
      },
      buildConstraintLadder({ facing: 'environment' }),
      undefined,
      () => current,
    )
    await expect(attempt).rejects.toMatchObject({ name: 'OverconstrainedError' })
    expect(md.calls).toHaveLength(1)
  })
})
