/**
 * EasyAR CRS business status codes and the HTTP status each one travels with.
 * Source: docs/crs-protocol.md §1.4, §1.5 (from EasyAR's DOC-STATUS, HELP-SEARCH and DOC-APIKEY pages).
 * This module has no DOM and no Node imports: the app and the local server both use it.
 */
export const StatusCode = {
  OK: 0,
  INVALID_APP_ID: 1,
  INVALID_SIGNATURE: 2,
  INVALID_DATE: 3,
  APP_ID_NOT_EXIST: 4,
  KEY_UNAVAILABLE: 5,
  INVALID_TOKEN: 6,
  NO_RESULT: 17,
  NO_TARGET: 18,
  TIMEOUT: 19,
  RPC_ERROR: 20,
  OUT_OF_LIMIT: 21,
  OTHER_ERROR: 30,
  TARGET_EXISTS: 403,
  TARGET_NOT_FOUND: 404,
  PARAMETER_ERROR: 414,
  ADD_FAILED: 417,
  SIMILAR_EXISTS: 419,
  DELETE_FAILED: 420,
  TOO_LARGE: 422,
  ENABLE_ERROR: 424,
  IMAGE_NOT_CORRECT: 427,
  // API-key / token service codes (docs/crs-protocol.md §1.5, from DOC-APIKEY)
  API_KEY_INVALID: 4001011,
  TIMESTAMP_INVALID: 4001012,
  SIGNATURE_INVALID: 4001015,
  APP_ID_NOT_AUTHORIZED: 4001017,
  TOKEN_BASE64_ERROR: 4001018,
  TOKEN_DECRYPT_ERROR: 4001019,
  TOKEN_EXPIRED: 4001024,
  // Transport-level answers of the local server (not EasyAR business codes). The statusCode
  // equals the HTTP status so every answer, even a protocol-level one, is a CRS envelope.
  BAD_REQUEST: 400,
  METHOD_NOT_ALLOWED: 405,
  UNSUPPORTED_MEDIA_TYPE: 415,
  /**
   * Refused before any CRS logic (a Host not on the allow-list, a `/token` Origin not on its list),
   * always with HTTP 403. The same number as TARGET_EXISTS, which travels with HTTP 409.
   */
  FORBIDDEN: 403,
} as const

/** Messages as EasyAR words them (result.message on errors). */
export const StatusMessage: Record<number, string> = {
  0: 'ok',
  1: 'invalid appId (appKey)',
  2: 'invalid signature',
  3: 'invalid date',
  4: 'appId (appKey) not exist',
  5: 'key is unavailable',
  6: 'invalid token',
  17: 'No result: there is no matching.',
  18: 'Target not found: there is a matching but no target, please report this issue',
  19: 'Request timeout.',
  20: 'Error retrieving results.',
  21: 'Exceed your QPS limitation.',
  30: 'Other error occur',
  403: 'Target already exists',
  404: 'Target not found',
  414: 'Parameter required not exists or not correct',
  417: 'fail to add image',
  419: 'Cannot update target in database because similar target exists.',
  420: 'Target delete failed',
  422: 'The image or meta exceeds its maximum permitted size',
  424: 'Target enable error',
  427: 'Image not correct',
  4001011: 'API Key invalid',
  4001012: 'Timestamp invalid',
  4001015: 'Signature invalid',
  4001017: 'AppId is not authorized by this API Key',
  4001018: 'Base64 decode error',
  4001019: 'Decryption error',
  4001024: 'Token is expired',
  400: 'Bad request: the body is not valid JSON',
  405: 'Method not allowed',
  415: 'Unsupported media type',
}

/** Maximum decoded image (and meta) size accepted by CRS: 2 MB (JAVA-SDK Common.java). */
export const MAX_IMAGE_BYTES = 2 * 1024 * 1024
/** Signature timestamps must be within ±5 minutes of server time (docs/crs-protocol.md §1.5, code 4001012). */
export const SIGNATURE_WINDOW_MS = 5 * 60 * 1000
/** The native SDK's minimum request interval (SENSE-UNITY-CRS). */
export const MIN_SEARCH_INTERVAL_MS = 300
