/**
 * @module
 * Typed CRS errors: a stable EasyAR `statusCode` plus the HTTP status it travels with.
 * Throw a `CrsError` anywhere (a handler, auth, the token client); the app's single `onError`
 * turns it into the envelope. It lives below `http`, `auth` and `token` so they need not import
 * each other for it.
 */
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import { StatusCode, StatusMessage } from '../../../src/protocol/statusCodes.ts'

/**
 * HTTP status for each CRS statusCode. EasyAR documents 400 for parameter errors, 401 for token
 * failures, 404 for no match and 200 (!) for the QPS limit; see server/README.md "Status codes".
 */
const HTTP_STATUS: Record<number, ContentfulStatusCode> = {
  [StatusCode.OK]: 200,
  [StatusCode.INVALID_APP_ID]: 400,
  [StatusCode.INVALID_SIGNATURE]: 400,
  [StatusCode.INVALID_DATE]: 400,
  [StatusCode.APP_ID_NOT_EXIST]: 400,
  [StatusCode.KEY_UNAVAILABLE]: 400,
  [StatusCode.INVALID_TOKEN]: 401,
  [StatusCode.TOKEN_EXPIRED]: 401,
  [StatusCode.NO_RESULT]: 404,
  [StatusCode.NO_TARGET]: 500,
  [StatusCode.TIMEOUT]: 408,
  [StatusCode.RPC_ERROR]: 502,
  [StatusCode.OUT_OF_LIMIT]: 200,
  [StatusCode.OTHER_ERROR]: 501,
  [StatusCode.TARGET_EXISTS]: 409,
  [StatusCode.TARGET_NOT_FOUND]: 404,
  [StatusCode.PARAMETER_ERROR]: 400,
  [StatusCode.ADD_FAILED]: 500,
  [StatusCode.SIMILAR_EXISTS]: 409,
  [StatusCode.DELETE_FAILED]: 500,
  [StatusCode.TOO_LARGE]: 422,
  [StatusCode.ENABLE_ERROR]: 400,
  [StatusCode.IMAGE_NOT_CORRECT]: 400,
  [StatusCode.BAD_REQUEST]: 400,
  [StatusCode.METHOD_NOT_ALLOWED]: 405,
  [StatusCode.UNSUPPORTED_MEDIA_TYPE]: 415,
}

/** The HTTP status a CRS statusCode is answered with (502 for unknown upstream codes). */
export function httpStatusFor(statusCode: number): ContentfulStatusCode {
  return HTTP_STATUS[statusCode] ?? 502
}

export class CrsError extends Error {
  readonly httpStatus: ContentfulStatusCode
  readonly headers: Record<string, string>

  /**
   * @param statusCode EasyAR business code (see src/protocol/statusCodes.ts)
   * @param message `result.message`; defaults to EasyAR's wording for the code
   */
  constructor(
    readonly statusCode: number,
    message?: string,
    options: { httpStatus?: ContentfulStatusCode; headers?: Record<string, string> } = {},
  ) {
    super(message ?? StatusMessage[statusCode] ?? 'Other error occur')
    this.name = 'CrsError'
    this.httpStatus = options.httpStatus ?? httpStatusFor(statusCode)
    this.headers = options.headers ?? {}
  }
}

/** 414 naming the offending field, e.g. "Parameter required not exists or not correct: name". */
export function parameterError(field: string, detail?: string): CrsError {
  const base = `${StatusMessage[StatusCode.PARAMETER_ERROR]}: ${field}`
  return new CrsError(StatusCode.PARAMETER_ERROR, detail ? `${base} (${detail})` : base)
}
