/**
 * What each overlay button (and the photo input) does: one line each, handing the tap to the part
 * that owns it. Kept beside App, which builds the parts; the tap itself is the user gesture
 * play(), audio and WebXR need, so nothing here awaits before calling the part.
 */
import type { OverlayAction, StatusOverlay } from '../ui/StatusOverlay'
import type { AppParts } from './AppParts'

/** The App's side of the buttons. */
export interface ActionHost {
  readonly overlay: StatusOverlay
  start(): Promise<void>
  rescan(): void
  copyLink(): Promise<void>
}

export function overlayActions(app: ActionHost, parts: AppParts): Record<OverlayAction, (deviceId?: string, file?: File) => unknown> {
  const { show, ar, photo } = parts
  return {
    start: () => app.start(),
    retry: () => parts.camera()?.retry(),
    switch: () => parts.camera()?.switchFacing(),
    pick: (deviceId) => deviceId && parts.camera()?.selectDevice(deviceId),
    rescan: () => app.rescan(),
    close: () => app.rescan(),
    play: () => {
      // One tap answers every refused play(): the camera video's and the content's.
      const camera = parts.camera()
      if (camera?.needsGesture) void camera.resume()
      app.overlay.set({ cameraNeedsGesture: !!camera?.needsGesture })
      show.play()
    },
    replay: () => show.replay(),
    sound: () => show.toggleSound(),
    'copy-link': () => app.copyLink(),
    ar: () => ar.enter(parts.scene(), parts.camera()),
    'xr-exit': () => ar.exit(),
    photo: () => parts.keepsakes()?.takePhoto(),
    record: () => parts.keepsakes()?.toggleRecording(),
    'choose-photo': (_, file) => file && photo.use(file, parts.background()),
  }
}
