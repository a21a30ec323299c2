/**
 * Turns bench:tracking-libs' JSON (stdin) into the Markdown table of docs/tracking-libraries.md:
 * `npm run bench:tracking-libs > libs.json && npx tsx bench/trackingLibs/table.ts < libs.json`.
 */
import { readFileSync } from 'node:fs'

interface Row {
  bundle: { rawKB: number; gzipKB: number }
  readyMs: number | null
  detectMs: number | null
  detectVsOurs: number | null
  trackMs: number | null
  trackVsOurs: number | null
  detectRecall: number | null
  cornerErrorP50: number | null
  cornerErrorP90: number | null
  trackedStill: number | null
  trackedMoving: number | null
  trackedOccluded: number | null
  wrongShare: number | null
}
interface Browser {
  pipelines?: Record<string, Row>
  skipped?: string
}
const doc = JSON.parse(readFileSync(0, 'utf8')) as { browsers: Record<string, Browser> }
const chromium = doc.browsers.chromium?.pipelines ?? {}
const webkit = doc.browsers.webkit?.pipelines ?? {}
const pct = (v: number | null | undefined, digits = 2): string => (v === null || v === undefined ? '–' : `${(v * 100).toFixed(digits)} %`)
const ms = (v: number | null | undefined, ratio: number | null | undefined): string =>
  v === null || v === undefined ? '–' : `${v < 20 ? v.toFixed(1) : Math.round(v)} (×${(ratio ?? 1).toFixed(2)})`
const size = (b: Row['bundle'] | undefined): string =>
  b
    ? `${b.rawKB >= 1024 ? `${(b.rawKB / 1024).toFixed(1)} MB` : `${b.rawKB} KB`} / ${b.gzipKB >= 1024 ? `${(b.gzipKB / 1024).toFixed(2)} MB` : `${b.gzipKB} KB`}`
    : '–'

const lines = [
  '| pipeline | worker JS raw / gzip | ready (ms) Chromium / WebKit | detect ms (× ours) Chromium | detect ms (× ours) WebKit | track ms (× ours) Chromium | track ms (× ours) WebKit | detection recall | corner error p50 / p90 | tracked still / moving / occluded | wrong poses |',
  '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
]
for (const [name, c] of Object.entries(chromium)) {
  const w = webkit[name]
  lines.push(
    `| ${name} | ${size(c.bundle)} | ${c.readyMs ?? '–'} / ${w?.readyMs ?? '–'} | ${ms(c.detectMs, c.detectVsOurs)} | ${ms(w?.detectMs, w?.detectVsOurs)} | ${ms(c.trackMs, c.trackVsOurs)} | ${ms(w?.trackMs, w?.trackVsOurs)} | ${pct(c.detectRecall, 0)} | ${pct(c.cornerErrorP50)} / ${pct(c.cornerErrorP90)} | ${pct(c.trackedStill, 0)} / ${pct(c.trackedMoving, 0)} / ${pct(c.trackedOccluded, 0)} | ${pct(c.wrongShare, 1)} |`,
  )
}
console.log(lines.join('\n'))
