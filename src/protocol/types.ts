/**
 * Wire types of the EasyAR CRS client-end and server-end APIs.
 * Field types follow what EasyAR really sends: `active`, `size`, `grade`,
 * `allowSimilar` and the inner `date` are strings; rates and `modified` are numbers.
 */

/** Every CRS answer: `{statusCode, result, timestamp}`, plus an ISO `date` on recognition answers. */
export interface CrsEnvelope<R = unknown> {
  statusCode: number
  result: R
  date?: string
  timestamp: number
}

export interface CrsErrorResult {
  message: string
}

export interface CrsTarget {
  targetId: string
  name?: string
  /** base64 of whatever the author uploaded; usually base64 of UTF-8 JSON. */
  meta?: string
  active?: string
  type?: string
  size?: string
  allowSimilar?: string
  grade?: string
  detectableRate?: number
  /** epoch milliseconds, as a string */
  date?: string
  /** epoch milliseconds, as a number */
  modified?: number
  trackingImage?: string
  [extra: string]: unknown
}

export interface SearchHitResult {
  target: CrsTarget
}

/** Body of `POST {clientEnd}/search`. */
export interface SearchRequestBody {
  image: string
  appId?: string
  notracking?: boolean | 'true' | 'false'
  // signature auth (tools only; never from a browser)
  apiKey?: string
  timestamp?: number | string
  signature?: string
}

/** Answer of the local `POST /token` helper (and the shape the app expects from any token URL). */
export interface TokenResponse {
  token: string
  /** ISO date at which the token stops working. */
  expiration: string
  appId: string
}
