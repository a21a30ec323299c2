/**
 * The tracking chunk: what the page needs to follow a print, loaded only after the first hit
 * and prefetched while the visitor aims (src/tracking/PrintTracking.ts). The worker is its own
 * file, started by TrackingController.
 */
export { PrintAnchor } from './PrintAnchor'
export { TrackingController } from './TrackingController'
