/**
 * @module
 * Reads a file named by an operator (`crs add`, `crs import`, `--meta-file`) with every check
 * before the read. `readFile` read first and checked after: a symlink to /dev/zero grew to 6.8 GB,
 * a FIFO named x.png waited forever for a writer, and a 200 MB file was refused after 14 s and
 * 900 MB of memory.
 */
import { constants, type Stats } from 'node:fs'
import { open } from 'node:fs/promises'

/** Why a file was not read; `code` mirrors Node's errno style for callers that print it. */
export class FileRefusedError extends Error {
  readonly code = 'EREFUSED'

  constructor(message: string) {
    super(message)
    this.name = 'FileRefusedError'
  }
}

function kindOf(info: Stats): string {
  if (info.isDirectory()) return 'a directory'
  if (info.isFIFO()) return 'a FIFO'
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'a device'
  if (info.isSocket()) return 'a socket'
  return 'not a regular file'
}

/**
 * The bytes of the regular file at `path` (symlinks followed), at most `maxBytes`. Opened with
 * O_NONBLOCK, so opening a FIFO returns at once; the kind and size come from the open handle, so
 * they describe what is read; the read stops one byte past the cap in case the file grows.
 */
export async function readLimitedFile(path: string, maxBytes: number): Promise<Buffer> {
  const handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK)
  try {
    const info = await handle.stat()
    if (!info.isFile()) throw new FileRefusedError(`${kindOf(info)}, not a regular file`)
    if (info.size > maxBytes) throw new FileRefusedError(`${info.size} bytes, over the limit of ${maxBytes}`)
    const buffer = Buffer.alloc(maxBytes + 1)
    let total = 0
    for (;;) {
      const { bytesRead } = await handle.read(buffer, total, buffer.length - total, total)
      if (bytesRead === 0) break
      total += bytesRead
      if (total > maxBytes) throw new FileRefusedError(`grew over the limit of ${maxBytes} bytes while being read`)
    }
    return buffer.subarray(0, total)
  } finally {
    await handle.close()
  }
}
