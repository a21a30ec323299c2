/**
 * What a screen-reader or keyboard visitor meets: messages that need them to act take focus and
 * are announced at once, news does not steal focus; and colour contrast (WCAG 2 AA) measured by
 * axe-core in the page on the start screen, while scanning, on an error and on shown content.
 *
 * axe-core comes from node_modules and is evaluated through the DevTools protocol: the page's CSP
 * forbids inline scripts, so a <script> tag with its source would be refused.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { Page } from '@playwright/test'
import { test, expect } from './fixtures'
import { clipPath } from './clips'
import { root, tapStart } from './helpers'

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

interface ContrastResult {
  passes: number
  violations: { html: string; summary: string }[]
  incomplete: { html: string; summary: string }[]
}

/** Runs axe's color-contrast rule (AA) on the page as it is now. */
async function contrast(page: Page): Promise<ContrastResult> {
  await page.evaluate(axeSource)
  return page.evaluate(async () => {
    type AxeNode = { html: string; failureSummary?: string; any: { message: string }[] }
    type AxeRule = { nodes: AxeNode[] }
    const axe = (
      window as unknown as {
        axe: { run(ctx: Document, opts: object): Promise<{ passes: AxeRule[]; violations: AxeRule[]; incomplete: AxeRule[] }> }
      }
    ).axe
    const result = await axe.run(document, {
      runOnly: { type: 'rule', values: ['color-contrast'] },
      resultTypes: ['violations', 'incomplete', 'passes'],
    })
    const nodes = (rules: AxeRule[]) =>
      rules.flatMap((r) =>
        r.nodes.map((n) => ({ html: n.html.slice(0, 120), summary: n.failureSummary ?? n.any.map((a) => a.message).join('; ') })),
      )
    return { passes: nodes(result.passes).length, violations: nodes(result.violations), incomplete: nodes(result.incomplete) }
  })
}

/** Conclusive and clean: every text checked, none below AA, none axe could not decide. */
async function expectContrastAA(page: Page): Promise<void> {
  // Measure what stays on screen, not a card halfway through fading in.
  await page.evaluate(() =>
    Promise.all(
      document
        .getAnimations()
        .filter((a) => a.effect?.getComputedTiming().iterations !== Infinity)
        .map((a) => a.finished.catch(() => {})),
    ),
  )
  const result = await contrast(page)
  expect(result.violations, JSON.stringify(result.violations, null, 1)).toEqual([])
  expect(result.incomplete, JSON.stringify(result.incomplete, null, 1)).toEqual([])
  expect(result.passes).toBeGreaterThan(0)
}

const activeId = (page: Page) => page.evaluate(() => document.activeElement?.id || document.activeElement?.tagName || '')

test.describe('focus follows what the visitor must do', () => {
  test('a blocked camera moves focus to its message, announced as an alert', async ({ openApp }) => {
    const page = await openApp({ clip: clipPath('clutter'), allowCamera: false })
    await tapStart(page)
    await expect(root(page)).toHaveAttribute('data-camera', 'denied')
    await expect.poll(() => activeId(page)).toBe('notice')
    await expect(page.locator('#notice')).toHaveAttribute('role', 'alert')
    // Tab from the message reaches its primary button.
    await page.keyboard.press('Tab')
    await expect.poll(() => activeId(page)).toMatch(/^(btn-retry|btn-choose-photo|photo-input)$/)
  })

  test('content that failed to load moves focus to its message (assertive); scanning and news do not', async ({ openApp }) => {
    const page = await openApp({ clip: clipPath('model') })
    await page.route('**/content/*.glb', (route) => route.fulfill({ status: 404, body: 'gone' }))
    await tapStart(page)
    await expect(root(page)).toHaveAttribute('data-recognition', /scanning|searching/)
    // News (scanning) is polite and leaves focus alone.
    await expect(page.locator('#status')).toHaveAttribute('aria-live', 'polite')
    expect(await activeId(page)).not.toBe('status')
    await expect(root(page)).toHaveAttribute('data-content', 'error', { timeout: 30_000 })
    await expect.poll(() => activeId(page)).toBe('status')
    await expect(page.locator('#status')).toHaveAttribute('aria-live', 'assertive')
    await expect(page.locator('#status')).toContainText(/couldn’t load/i)
  })
})

test.describe('colour contrast (WCAG AA, axe-core)', () => {
  test('the start screen', async ({ openApp }) => {
    const page = await openApp({ clip: clipPath('clutter') })
    await expect(page.getByRole('button', { name: /start/i })).toBeVisible()
    await expectContrastAA(page)
  })

  test('scanning over the camera', async ({ openApp }) => {
    const page = await openApp({ clip: clipPath('clutter') })
    await tapStart(page)
    await expect(root(page)).toHaveAttribute('data-camera', 'live')
    await expect(page.locator('#status')).toBeVisible()
    await expectContrastAA(page)
  })

  test('an error message (camera blocked)', async ({ openApp }) => {
    const page = await openApp({ clip: clipPath('clutter'), allowCamera: false })
    await tapStart(page)
    await expect(page.locator('#notice')).toBeVisible()
    await expectContrastAA(page)
  })

  test('content shown with its title, caption and buttons', async ({ openApp }) => {
    const page = await openApp({ clip: clipPath('clutter') })
    await tapStart(page)
    await expect(root(page)).toHaveAttribute('data-camera', 'live')
    await page.evaluate(() =>
      (window as unknown as { printAR: { showMeta(m: object): unknown } }).printAR.showMeta({
        url: 'content/robot.glb',
        title: 'Volt the robot',
        caption: 'Meet Volt, then book a visit.',
        link: 'https://example.com/volt',
        actions: [{ label: 'Play again', action: 'replay' }],
      }),
    )
    await expect(root(page)).toHaveAttribute('data-content', 'shown', { timeout: 30_000 })
    await expect(page.locator('#content-caption')).toBeVisible()
    await expectContrastAA(page)
  })
})
