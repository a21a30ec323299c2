/**
 * The start screen's privacy line, true for where the frames really go: the local recognizer
 * (server/) compares a frame with the stored targets in memory and keeps nothing of it; EasyAR's
 * cloud receives every frame the app sends.
 */
import { strings } from './strings'

/** EasyAR's Client-end URLs are `https://<id>.<region>.crs.easyar.com:8443` (docs/crs-protocol.md §1.1). */
export function isEasyArCloud(clientEndUrl: string): boolean {
  try {
    return /(^|\.)easyar\.(com|cn)$/i.test(new URL(clientEndUrl).hostname)
  } catch {
    return false // '' or a path: the recognizer on the app's own origin
  }
}

export function privacyNote(clientEndUrl: string): string {
  return isEasyArCloud(clientEndUrl) ? strings.start.privacyCloud : strings.start.privacyLocal
}
