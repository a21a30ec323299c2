/**
 * @module
 * Reads an image file named on the command line; a failure is one CLI line. Only a regular file of
 * at most 2 MB (the API's image limit) is read, and that is known before reading.
 */
import { MAX_IMAGE_BYTES } from '../../../src/protocol/statusCodes.ts'
import { readLimitedFile } from '../core/readLimitedFile.ts'
import { CliError } from './CliError.ts'
import { printable } from './output.ts'

export async function readImage(path: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readLimitedFile(path, MAX_IMAGE_BYTES))
  } catch (error) {
    throw new CliError(`cannot read ${printable(path)}: ${fileProblem(error)}`)
  }
}

/** What went wrong reading a file, in a few words. */
export function fileProblem(error: unknown): string {
  const { code, message } = error as NodeJS.ErrnoException
  if (code === 'ENOENT') return 'no such file'
  if (code === 'ENOTDIR') return 'not a folder'
  if (code === 'EISDIR') return 'a folder, not a file'
  if (code === 'EACCES') return 'permission denied'
  if (code === 'EREFUSED') return message
  return code ?? String(error)
}
