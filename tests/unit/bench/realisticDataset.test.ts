/// <reference types="vite/client" />
/**
 * The realistic benchmark's generator (bench/realistic): what it draws from, how it splits, and
 * the ranges its views are taken in. Pure parts only: rendering needs Chromium and the Debian
 * wallpaper packages, and is exercised by `npm run bench:scale`.
 */
import { describe, expect, it } from 'vitest'
import { DEFAULT_CONFIG } from '../../../src/core/config'
import { buildCatalogue } from '../../../bench/realistic/catalogue'
import { APP_CAPTURE_LONG_SIDE } from '../../../bench/realistic/runViews'
import { designKey, FORBIDDEN, type SourceDesign } from '../../../bench/realistic/sources'
import { viewSpec, FLAT_VIEWS_PER_PRINT } from '../../../bench/realistic/viewSpecs'

describe('sources', () => {
  it('never reads KDE, UKUI or OpenCV pictures (the independent evaluation keeps them unseen)', () => {
    for (const path of [
      '/usr/share/wallpapers/Next/contents/images/1920x1080.png',
      '/usr/share/plasma/wallpapers/x.jpg',
      '/usr/share/backgrounds/ukui/default.jpg',
      '/usr/share/doc/opencv-doc/examples/data/lena.jpg',
      '/usr/share/backgrounds/kde-something.png',
    ])
      expect(FORBIDDEN.test(path), path).toBe(true)
    expect(FORBIDDEN.test('/usr/share/backgrounds/mate/nature/LadyBird.jpg')).toBe(false)
  })

  it('counts one picture shipped at several sizes or in light and dark variants once', () => {
    expect(designKey('/usr/share/backgrounds/gnome/adwaita-l.webp')).toBe(designKey('/usr/share/backgrounds/gnome/adwaita-d.webp'))
    expect(designKey('/usr/share/backgrounds/sway/Sway_Wallpaper_Blue_768x1024_Portrait.png')).toBe(
      designKey('/usr/share/backgrounds/sway/Sway_Wallpaper_Blue_1920x1080.png'),
    )
    expect(designKey('/usr/share/backgrounds/mate/abstract/Elephants_3840x2160.jpg')).toBe(
      designKey('/usr/share/backgrounds/mate/abstract/Elephants.jpg'),
    )
    expect(designKey('/usr/share/desktop-base/emerald-theme/wallpaper/contents/images/1920x1080.svg')).toBe(
      designKey('/usr/share/desktop-base/emerald-theme/wallpaper/contents/images/3840x2160.svg'),
    )
    expect(designKey('/usr/share/desktop-base/emerald-theme/grub/grub-4x3.png')).toBeNull()
    expect(designKey('/usr/share/backgrounds/mate/nature/LadyBird.jpg')).not.toBe(designKey('/usr/share/backgrounds/mate/nature/Storm.jpg'))
  })
})

describe('catalogue', () => {
  // 30 fake photos and 30 fake illustrations stand in for the installed packages.
  const designs: SourceDesign[] = [
    ...Array.from({ length: 30 }, (_, i) => ({ key: `lomiri/photo-${i}`, file: `/x/photo-${i}.jpg` })),
    ...Array.from({ length: 30 }, (_, i) => ({ key: `gnome/art-${i}`, file: `/x/art-${i}.svg` })),
  ]
  const catalogue = buildCatalogue(designs)

  it('gives every kind to both splits, and keeps backdrops and negatives out of the library', () => {
    for (const kind of ['photo', 'art', 'text', 'lowTexture', 'cards']) {
      for (const split of ['tune', 'test'])
        expect(
          catalogue.prints.some((p) => p.kind === kind && p.split === split),
          `${kind}/${split}`,
        ).toBe(true)
    }
    const printed = new Set(catalogue.prints.map((p) => p.id))
    for (const n of catalogue.negatives) expect(printed.has(n.id)).toBe(false)
    for (const b of catalogue.backdrops) expect([...printed].some((id) => id.endsWith(b.key))).toBe(false)
    expect(catalogue.backdrops.length).toBe(10)
    expect(catalogue.negatives.length).toBeGreaterThanOrEqual(5)
  })

  it('is the same whatever order the designs are listed in', () => {
    const again = buildCatalogue([...designs].reverse())
    expect(again.prints.map((p) => `${p.id}:${p.split}`)).toEqual(catalogue.prints.map((p) => `${p.id}:${p.split}`))
  })
})

describe('view specs', () => {
  const specs = Array.from({ length: 2000 }, (_, i) => viewSpec('p', i % (FLAT_VIEWS_PER_PRINT + 1), 1000 + i, 40))

  it('are a function of their seed', () => {
    expect(viewSpec('p', 2, 77, 40)).toEqual(viewSpec('p', 2, 77, 40))
    expect(viewSpec('p', 2, 78, 40)).not.toEqual(viewSpec('p', 2, 77, 40))
  })

  it('stay within the ranges of real visits and reach their ends', () => {
    const flat = specs.filter((s) => s.pose.kind === 'flat')
    const curved = specs.flatMap((s) => (s.pose.kind === 'curved' ? [s.pose] : []))
    const tilts = flat.map((s) => (s.pose.kind === 'flat' ? s.pose.tiltDeg : 0))
    expect(Math.max(...tilts)).toBeLessThanOrEqual(50)
    expect(tilts.filter((t) => t > 40).length).toBeGreaterThan(flat.length * 0.1)
    const coverage = specs.map((s) => s.coverage)
    expect(Math.min(...coverage)).toBeGreaterThanOrEqual(0.1)
    expect(Math.max(...coverage)).toBeLessThanOrEqual(0.7)
    expect(coverage.filter((c) => c < 0.15).length).toBeGreaterThan(specs.length * 0.1)
    expect(coverage.filter((c) => c > 0.55).length).toBeGreaterThan(specs.length * 0.05)
    for (const c of curved) {
      expect(c.wrapDeg).toBeGreaterThanOrEqual(120)
      expect(c.wrapDeg).toBeLessThanOrEqual(200)
      expect(Math.abs(c.turnDeg)).toBeLessThanOrEqual(25)
    }
    expect(curved.some((c) => c.wrapDeg > 190)).toBe(true)
    const q = specs.map((s) => s.jpegQuality)
    expect(Math.min(...q)).toBeGreaterThanOrEqual(0.5)
    expect(Math.max(...q)).toBeLessThanOrEqual(0.75)
    const exposure = specs.map((s) => s.light.exposure)
    expect(Math.min(...exposure)).toBeLessThan(0.35)
    expect(Math.max(...exposure)).toBeGreaterThan(1.2)
    expect(specs.some((s) => s.light.glare > 0.8)).toBe(true)
    expect(specs.some((s) => s.motionPx > 8)).toBe(true)
    expect(specs.some((s) => s.height > s.width)).toBe(true)
  })

  it("are captured at the app's own long side", () => {
    expect(APP_CAPTURE_LONG_SIDE).toBe(DEFAULT_CONFIG.captureLongSide)
  })
})
