/**
 * @module
 * Import progress on stderr: a redrawn bar on a terminal, one plain line per item otherwise (logs, CI).
 */
const BAR_WIDTH = 24

export interface Progress {
  item(done: number, total: number, line: string): void
  finish(): void
}

export function createProgress(stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY) {
    return {
      item: (done, total, line) => stream.write(`[${done}/${total}] ${line}\n`),
      finish: () => {},
    }
  }
  let drawn = false
  return {
    item(done, total, line) {
      const filled = total === 0 ? BAR_WIDTH : Math.round((done / total) * BAR_WIDTH)
      const bar = '█'.repeat(filled) + '░'.repeat(BAR_WIDTH - filled)
      const width = stream.columns ?? 80
      stream.write(`\r\x1b[2K${`${bar} ${done}/${total} ${line}`.slice(0, width - 1)}`)
      drawn = true
    },
    finish() {
      if (drawn) stream.write('\n')
    },
  }
}
