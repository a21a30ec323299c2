/**
 * src/tracking's PlanarTracker exactly as the app's worker runs it (its own state machine, the
 * last-seen pose tried before a full detection): the check that oursPipeline.ts, which splits
 * it into the shared detect/track steps, measures the same tracker.
 */
import type { GreyImage } from '../../src/tracking/GreyImage'
import { PlanarTracker } from '../../src/tracking/PlanarTracker'
import { ReferenceTarget } from '../../src/tracking/ReferenceTarget'
import type { SelfDriven } from './driver'
import { OursPipeline } from './oursPipeline'
import * as rules from './rules'

export class ShippedPipeline extends OursPipeline implements SelfDriven {
  override readonly name: string = 'ours-shipped'
  #tracker: PlanarTracker | null = null

  override async init(reference: GreyImage): Promise<void> {
    await super.init(reference)
    this.#tracker = new PlanarTracker(new ReferenceTarget(reference, { maxSide: rules.REFERENCE_MAX_SIDE }))
  }

  process(frame: GreyImage): ReturnType<SelfDriven['process']> {
    const step = this.#tracker!.process(frame)
    return { corners: step.corners, method: step.method, ms: step.ms }
  }

  reset(): void {
    this.#tracker!.reset()
  }
}
