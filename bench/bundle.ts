/**
 * `npm run bench:bundle`: gzipped size of the initial JS (the entry chunk and everything it
 * imports statically, i.e. what index.html makes the browser fetch before the camera shows)
 * and of all JS in the build. Run after `vite build`. Prints one JSON document.
 *
 * `--check` (used by `npm run test:e2e`, so by `npm test`) also exits 1 when the initial JS is
 * over BUDGET_GZIP_KB: a growing entry chunk fails the tests instead of slowly slowing startup.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { gzipSync } from 'node:zlib'

const args = process.argv.slice(2)
const check = args.includes('--check')
const DIST = resolve(args.find((a) => !a.startsWith('--')) ?? 'dist')
/** Initial JS budget, gzipped (issue goal: below model-viewer's 289 KB and MindAR's ~430 KB). */
const BUDGET_GZIP_KB = 170

const gz = (path: string) => gzipSync(readFileSync(path), { level: 9 }).length

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? walk(path) : [path]
  })
}

/** Static imports of a built chunk: `import … from "./x.js"` and bare `import "./x.js"`. */
function staticImports(file: string): string[] {
  const code = readFileSync(file, 'utf8')
  const found = new Set<string>()
  for (const match of code.matchAll(/(?:^|[;\n}])\s*import\s*(?:[\w*{}\s,$]+from\s*)?["']([^"']+\.js)["']/g)) {
    found.add(resolve(file, '..', match[1]!))
  }
  return [...found]
}

const html = readFileSync(join(DIST, 'index.html'), 'utf8')
const entries = [...html.matchAll(/<(?:script[^>]+src|link[^>]+rel="modulepreload"[^>]+href)="([^"]+\.js)"/g)].map((m) =>
  join(DIST, m[1]!.replace(/^\.?\//, '')),
)
const initial = new Set<string>()
const queue = [...entries]
while (queue.length) {
  const file = queue.pop()!
  if (initial.has(file)) continue
  initial.add(file)
  queue.push(...staticImports(file))
}

const allJs = walk(DIST).filter((f) => f.endsWith('.js'))
const kb = (n: number) => Math.round((n / 1024) * 10) / 10
const initialGzip = [...initial].reduce((sum, f) => sum + gz(f), 0)
const initialRaw = [...initial].reduce((sum, f) => sum + statSync(f).size, 0)
const totalGzip = allJs.reduce((sum, f) => sum + gz(f), 0)
console.log(
  JSON.stringify(
    {
      initialJs: { files: [...initial].map((f) => f.slice(DIST.length + 1)), rawKB: kb(initialRaw), gzipKB: kb(initialGzip) },
      allJs: { files: allJs.length, gzipKB: kb(totalGzip) },
      budgetGzipKB: BUDGET_GZIP_KB,
    },
    null,
    2,
  ),
)
if (check && kb(initialGzip) > BUDGET_GZIP_KB) {
  console.error(
    `bench:bundle: initial JS is ${kb(initialGzip)} KB gzipped, over the ${BUDGET_GZIP_KB} KB budget. Move what the camera and the scan loop do not need behind a dynamic import.`,
  )
  process.exit(1)
}
