/**
 * Loads the content manager on demand (its GLTFLoader, decoders and gsap stay out of the
 * entry chunk) and adapts it to the shell's ContentPort.
 */
import type { ContentPort } from './ports'
import type { SceneDeps } from './App'

export async function loadContent(deps: SceneDeps & { audioContext?: () => AudioContext | null }): Promise<ContentPort> {
  const { ContentManager } = await import('../content/ContentManager')
  // The shell's SceneRenderer already lights the scene; a second rig would double the light.
  const manager = new ContentManager({ ...deps, lights: false })
  return {
    show: (description) => manager.show(description),
    clear: () => void manager.clear(),
    update: (dt) => manager.update(dt),
    info: () => {
      const { visible, animationTime, videoTime, muted, pieces } = manager.info()
      return { visible, animationTime, videoTime, muted, pieces }
    },
    media: () => manager.currentVideo as unknown as HTMLMediaElement | null,
    model: () => (manager.info().type === 'model' ? manager.currentObject : null),
    world: () =>
      manager.info().visible ? { object: manager.anchor, setFollowCamera: (follow) => manager.setFollowCamera(follow) } : null,
    dispose: () => manager.dispose(),
    replay: () => manager.replay(),
    play: async () => {
      await manager.play()
    },
    toggleSound: () => manager.toggleSound(),
    onStatus: (listener) => manager.on('status', (e) => listener(e.status, e.message || undefined)),
    onProgress: (listener) => manager.on('progress', (e) => listener(e.progress)),
    onNeedsGesture: (listener) => manager.on('needs-gesture', (e) => listener(e.needsGesture)),
    onSound: (listener) => manager.on('sound', (e) => listener(e.state)),
  }
}
