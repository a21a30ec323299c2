/** Files are checked on the open handle before any byte is read (issue 10: /dev/zero, FIFOs, 200 MB files). */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { readLimitedFile } from '../../../../server/src/core/readLimitedFile.ts'

const dir = mkdtempSync(join(tmpdir(), 'crs-read-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('readLimitedFile', () => {
  it('reads a regular file (also through a symlink) up to the limit exactly', async () => {
    const file = join(dir, 'ok.bin')
    writeFileSync(file, Buffer.alloc(1000, 7))
    symlinkSync(file, join(dir, 'link.bin'))
    expect((await readLimitedFile(file, 1000)).length).toBe(1000)
    expect((await readLimitedFile(join(dir, 'link.bin'), 1000)).equals(Buffer.alloc(1000, 7))).toBe(true)
  })

  it('refuses a file over the limit by its size', async () => {
    const big = join(dir, 'big.bin')
    writeFileSync(big, '')
    truncateSync(big, 200 * 1024 * 1024)
    await expect(readLimitedFile(big, 2 * 1024 * 1024)).rejects.toThrow(/209715200 bytes, over the limit of 2097152/)
  })

  it('refuses a device, a directory and a FIFO without reading or waiting', async () => {
    symlinkSync('/dev/zero', join(dir, 'zero.png'))
    await expect(readLimitedFile(join(dir, 'zero.png'), 1024)).rejects.toThrow(/a device, not a regular file/)
    await expect(readLimitedFile(dir, 1024)).rejects.toThrow(/a directory/)
    const fifo = join(dir, 'x.png')
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0)
    await expect(readLimitedFile(fifo, 1024)).rejects.toThrow(/a FIFO/)
  })

  it('passes on the errno of a missing file', async () => {
    await expect(readLimitedFile(join(dir, 'missing.png'), 1024)).rejects.toMatchObject({ code: 'ENOENT' })
  })
})
