import { describe, expect, it } from 'vitest'
import { deriveView, INITIAL_VIEW_STATE, type ViewState } from '../../../../src/ui/viewState'
import { mirrorStatusAttributes, type AttributeTarget } from '../../../../src/ui/StatusOverlay'

const base: ViewState = { ...INITIAL_VIEW_STATE, started: true, canChoosePhoto: true }

describe('no-camera fallback in the view', () => {
  it('offers "Choose a photo" where no camera can be used: denied, no camera, unsupported', () => {
    for (const camera of ['denied', 'no-camera', 'unsupported'] as const) {
      const view = deriveView({ ...base, camera })
      expect(view.choosePhoto, camera).toBe(true)
      expect(view.notice, camera).not.toBeNull() // the explanation stays, the photo is an alternative
    }
    for (const camera of ['live', 'busy', 'insecure', 'error', 'starting'] as const)
      expect(deriveView({ ...base, camera }).choosePhoto, camera).toBe(false)
    expect(deriveView({ ...base, camera: 'denied', canChoosePhoto: false }).choosePhoto).toBe(false)
  })

  it('once a photo is chosen it is the view: progress, no match, then the content over it', () => {
    const searching = deriveView({ ...base, camera: 'denied', photo: 'searching' })
    expect(searching.notice).toBeNull()
    expect(searching.message).toMatch(/Looking for a print/)
    expect(deriveView({ ...base, camera: 'denied', photo: 'no-match' }).message).toMatch(/No print found/)
    const shown = deriveView({ ...base, camera: 'denied', photo: 'shown', content: 'shown', contentType: 'model', canPhoto: true })
    expect(shown.notice).toBeNull()
    expect(shown.buttons).toEqual(expect.arrayContaining(['photo', 'rescan', 'close']))
    expect(shown.choosePhoto).toBe(true)
  })

  it('a quota refusal of a photo says what the camera path says, and is urgent', () => {
    const photo = deriveView({ ...base, camera: 'denied', photo: 'quota' })
    const camera = deriveView({ ...base, camera: 'live', recognition: 'quota-exhausted' })
    expect(photo.message).toBe(camera.message)
    expect(photo.message).toMatch(/scan limit for today/)
    expect(photo.urgent).toBe(true)
    expect(photo.tone).toBe('error')
  })

  it('mirrors data-photo', () => {
    const attrs = new Map<string, string>()
    const root: AttributeTarget = { setAttribute: (n, v) => attrs.set(n, v), removeAttribute: (n) => attrs.delete(n) }
    mirrorStatusAttributes(root, { ...base, photo: 'no-match' })
    expect(attrs.get('data-photo')).toBe('no-match')
    mirrorStatusAttributes(root, { ...base, photo: null })
    expect(attrs.has('data-photo')).toBe(false)
  })
})
