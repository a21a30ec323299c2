/** Worker entry for opencv.js: 'opencv' (flow from the previous frame) and 'opencv-ref' (from the warped reference). */
import { serve } from './driver'
import { OpenCvPipeline } from './opencvPipeline'

serve((name) => new OpenCvPipeline(name === 'opencv-ref' ? 'reference' : 'previous'))
