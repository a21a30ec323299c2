/**
 * Loads the content manager on demand (its GLTFLoader, decoders and gsap stay out of the
 * entry chunk) and adapts it to the shell's ContentPort.
 */
import type { ContentPort } from './ports'
import type { SceneDeps } from './App'

export async function loadContent(deps: SceneDeps): Promise<ContentPort> {
  const { ContentManager } = await import('../content/ContentManager')
  // The shell's SceneRenderer already lights the scene; a second rig would double the light.
  const manager = new ContentManager({ ...deps, lights: false })
  const audioListeners = new Set<(canUnmute: boolean) => void>()
  const reportAudio = () => {
    const info = manager.info()
    const canUnmute = info.type === 'video' && info.status === 'shown' && info.muted
    for (const listener of audioListeners) listener(canUnmute)
  }
  const offAudio = manager.on('status', reportAudio)
  return {
    show: (description) => manager.show(description),
    clear: () => void manager.clear(),
    update: (dt) => manager.update(dt),
    info: () => {
      const { visible, animationTime, videoTime, muted } = manager.info()
      return { visible, animationTime, videoTime, muted }
    },
    media: () => manager.currentVideo as unknown as HTMLMediaElement | null,
    model: () => (manager.info().type === 'model' ? manager.currentObject : null),
    world: () =>
      manager.info().visible ? { object: manager.anchor, setFollowCamera: (follow) => manager.setFollowCamera(follow) } : null,
    dispose: () => {
      offAudio()
      audioListeners.clear()
      manager.dispose()
    },
    replay: () => manager.replay(),
    play: async () => {
      await manager.play()
      reportAudio()
    },
    unmute: async () => {
      await manager.unmute()
      reportAudio()
    },
    onStatus: (listener) => manager.on('status', (e) => listener(e.status, e.message || undefined)),
    onProgress: (listener) => manager.on('progress', (e) => listener(e.progress)),
    onNeedsGesture: (listener) => manager.on('needs-gesture', (e) => listener(e.needsGesture)),
    onAudio: (listener) => {
      audioListeners.add(listener)
      return () => audioListeners.delete(listener)
    },
  }
}
