/**
 * Several pieces for one target (meta `items`): each piece (model, video, text card) keeps its
 * own placement inside a wrapper of its own, so the manager can animate each one in after its
 * `delay` (staggered); the whole composition takes the target-level scale/position/rotation.
 * The group owns its pieces and disposes them.
 */
import { Group, MathUtils, type Material, type Object3D } from 'three'
import type { ContentDescription } from '../protocol/meta'
import type { Content } from './Content'
import { VideoPlaneContent } from './VideoPlaneContent'

export interface PlacedPiece {
  content: Content
  /** Seconds before this piece enters. */
  delay: number
}

export class GroupContent implements Content {
  readonly type: ContentDescription['type']
  readonly object = new Group()
  readonly pieces: readonly (PlacedPiece & { wrapper: Group })[]
  #disposed = false

  constructor(pieces: readonly PlacedPiece[], desc: ContentDescription) {
    this.type = desc.type
    this.object.name = 'content:group'
    this.pieces = pieces.map((piece, index) => {
      const wrapper = new Group()
      wrapper.name = `content:piece-${index}`
      wrapper.add(piece.content.object)
      this.object.add(wrapper)
      return { ...piece, wrapper }
    })
    this.object.scale.setScalar(desc.scale)
    this.object.position.set(...desc.position)
    this.object.rotation.set(...(desc.rotation.map((deg) => MathUtils.degToRad(deg)) as [number, number, number]))
  }

  /** Every piece's fading materials (the whole group leaves together). */
  get fadeMaterials(): readonly Material[] {
    return this.pieces.flatMap((p) => p.content.fadeMaterials)
  }

  /** The first video piece: the one the play and sound buttons speak for. */
  get video(): VideoPlaneContent | null {
    return this.videos[0] ?? null
  }

  get videos(): VideoPlaneContent[] {
    return this.pieces.map((p) => p.content).filter((c): c is VideoPlaneContent => c instanceof VideoPlaneContent)
  }

  get animationTime(): number {
    return this.pieces.find((p) => p.content.type === 'model' && p.content.animationTime > 0)?.content.animationTime ?? 0
  }

  get videoTime(): number {
    return this.video?.videoTime ?? 0
  }

  /** The object of piece `index` (a model's sound is attached to it). */
  pieceObject(index: number): Object3D | null {
    return this.pieces[index]?.content.object ?? null
  }

  update(dtSeconds: number): void {
    for (const piece of this.pieces) piece.content.update(dtSeconds)
  }

  replay(): void {
    for (const piece of this.pieces) piece.content.replay()
  }

  dispose(): void {
    if (this.#disposed) return
    this.#disposed = true
    for (const piece of this.pieces) piece.content.dispose()
    this.object.removeFromParent()
  }
}
