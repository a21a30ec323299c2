/**
 * @module
 * Reads an image file named on the command line; a failure is one CLI line.
 */
import { readFile } from 'node:fs/promises'
import { CliError } from './CliError.ts'

export async function readImage(path: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(path))
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    throw new CliError(`cannot read ${path}: ${code === 'ENOENT' ? 'no such file' : code ?? String(error)}`)
  }
}
