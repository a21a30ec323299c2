import { DescriptorIndex } from './DescriptorIndex.ts'
import { type Features, indexedDescriptors } from './extractFeatures.ts'
import type { IndexMessage } from './workerProtocol.ts'

/**
 * A worker's searchable library: the candidate index, which holds each target's indexed features
 * (`Features.indexed`), and every target's whole feature set for verification. Changed only by
 * the main thread's broadcasts, applied in order.
 */
export class TargetIndex {
  readonly index = new DescriptorIndex()
  readonly targets = new Map<string, Features>()

  apply(message: IndexMessage): void {
    switch (message.type) {
      case 'upsert':
        this.targets.set(message.targetId, message.features)
        this.index.upsert(message.targetId, indexedDescriptors(message.features), message.active)
        break
      case 'remove':
        this.targets.delete(message.targetId)
        this.index.remove(message.targetId)
        break
      case 'setActive':
        this.index.setActive(message.targetId, message.active)
        break
    }
  }
}
