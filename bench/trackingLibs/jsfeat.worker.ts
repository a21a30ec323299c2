/** Worker entry for jsfeat: 'jsfeat' (flow from the previous frame) and 'jsfeat-ref' (from the warped reference). */
import { serve } from './driver'
import { JsfeatPipeline } from './jsfeatPipeline'

serve((name) => new JsfeatPipeline(name === 'jsfeat-ref' ? 'reference' : 'previous'))
