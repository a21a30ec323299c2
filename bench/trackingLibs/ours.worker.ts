/** Worker entry for our own tracker (src/tracking): 'ours' (shared state machine) and 'ours-shipped' (PlanarTracker). */
import { serve } from './driver'
import { OursPipeline } from './oursPipeline'
import { ShippedPipeline } from './shippedPipeline'

serve((name) => (name === 'ours-shipped' ? new ShippedPipeline() : new OursPipeline()))
