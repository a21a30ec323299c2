/**
 * Where the realistic benchmark's real pictures come from: the wallpaper and background packages
 * of Debian (installed by scripts/bench-photos.sh), grouped into *designs* so that one picture
 * shipped at eight resolutions, or in a light and a dark variant, counts once and lands in one
 * split. KDE's and UKUI's wallpapers and OpenCV's sample images are never read (FORBIDDEN): an
 * independent evaluation uses them, so nothing here may be built or tuned on them.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { basename, dirname, extname, join, resolve } from 'node:path'

/** Roots scanned for pictures (each from a package in scripts/bench-photos.sh). */
export const PHOTO_ROOTS = ['/usr/share/backgrounds', '/usr/share/desktop-base'] as const
/** Small real photographs of objects (Tux Paint's stamps): clutter in scenes and distractor collages. */
export const STAMP_ROOT = '/usr/share/tuxpaint/stamps'
/** The card deck drawn as one sprite sheet (Aisleriot). */
export const CARD_DECK = '/usr/share/aisleriot/cards/bonded.svgz'
/** Paths that must never be read: the independent evaluation's pictures. */
export const FORBIDDEN = /plasma|kde|ukui|opencv|\/usr\/share\/wallpapers\//i

const PICTURE = /\.(jpe?g|png|webp|svg)$/i

export interface SourceDesign {
  /** Stable name of the design, e.g. `mate/nature/ladybird`, `desktop-base/emerald`. */
  key: string
  /** The one file used for it (the largest raster, or an SVG). */
  file: string
}

/** Runs scripts/bench-photos.sh once per process (it only installs what is missing). */
let ensured = false
export function ensurePhotoPackages(): void {
  if (ensured) return
  execFileSync('bash', [resolve(import.meta.dirname, '../../scripts/bench-photos.sh')], { stdio: ['ignore', 'inherit', 'inherit'] })
  ensured = true
}

/** Every allowed design, sorted by key (the same list on every machine with the same packages). */
export function listDesigns(): SourceDesign[] {
  const byKey = new Map<string, { file: string; score: number }>()
  for (const root of PHOTO_ROOTS) {
    for (const file of walk(root)) {
      if (!PICTURE.test(file) || FORBIDDEN.test(file)) continue
      const key = designKey(file)
      if (key === null) continue
      const score = fileScore(file)
      const known = byKey.get(key)
      if (!known || score > known.score || (score === known.score && file < known.file)) byKey.set(key, { file, score })
    }
  }
  return [...byKey.entries()].map(([key, { file }]) => ({ key, file })).sort((a, b) => (a.key < b.key ? -1 : 1))
}

/**
 * The design a file belongs to, or null for files that are not a picture of their own (logos,
 * boot-loader and login variants of a theme, `active-theme` which links to another theme).
 */
export function designKey(file: string): string | null {
  const rel = file.replace(/^\/usr\/share\//, '')
  if (rel.startsWith('desktop-base/')) {
    // desktop-base/<theme>-theme/wallpaper/contents/images/<WxH>.svg: one design per theme.
    const m = /^desktop-base\/([a-z]+)(?:-inksplat)?-theme\/wallpaper\/contents\/images\//.exec(rel)
    return m ? `desktop-base/${m[1]}` : null
  }
  let name = basename(file, extname(file)).toLowerCase()
  name = name
    .replace(/_\d+x\d+(_portrait)?$/, '') // Elephants_3840x2160, Sway_Wallpaper_Blue_768x1024_Portrait
    .replace(/-[ld]$/, '') // GNOME's light and dark variants
    .replace(/-(cold|dark|warm|radioactive|light)(-no-logo)?$/, '') // MATE's colour variants
    .replace(/^mate-stripes$/, 'stripes')
  const folder = dirname(rel).replace(/^backgrounds\/?/, '') || 'lomiri'
  if (folder === 'sway') return 'sway/wallpaper'
  return `${folder}/${name}`
}

/** Prefer raster files with the most pixels; an SVG scores as a large raster (it renders at any size). */
function fileScore(file: string): number {
  if (/\.svg$/i.test(file)) return 8_000_000 + Math.min(statSync(file).size, 1_000_000)
  return statSync(file).size * 4 // bytes track pixels closely enough within one design
}

function walk(dir: string, out: string[] = []): string[] {
  if (!existsSync(dir)) return out
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory() && !entry.isSymbolicLink()) walk(path, out)
    else if (entry.isFile()) out.push(path)
  }
  return out.sort()
}

/** Tux Paint stamps at least `minSide` px on their short side, sorted. */
export function listStamps(): string[] {
  return walk(STAMP_ROOT).filter((f) => f.endsWith('.png') && !f.endsWith('_thumb.png') && !FORBIDDEN.test(f))
}

/** FNV-1a of a string: the stable hash that assigns designs to roles and splits. */
export function stableHash(text: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0
  return h
}
