import { test, expect } from './fixtures'
import { clipPath } from './clips'
import { root, tapStart } from './helpers'

test.describe('the page speaks the visitor’s language', () => {
  test('a Japanese browser gets Japanese, with <html lang="ja">, camera messages included', async ({ openApp }) => {
    const page = await openApp({ clip: clipPath('clutter'), allowCamera: false, locale: 'ja-JP' })
    await expect(root(page)).toHaveAttribute('lang', 'ja')
    await expect(page).toHaveTitle(/カメラを印刷物に向けてください/)
    await page.getByRole('button', { name: 'タップして開始' }).click()
    await expect(root(page)).toHaveAttribute('data-camera', 'denied')
    const notice = page.getByRole('alert')
    await expect(notice).toContainText('カメラへのアクセスがブロックされています')
    await expect(notice.getByRole('button', { name: 'もう一度試す' })).toBeVisible()
  })

  test('?lang=en overrides the browser; an unknown browser language falls back to English', async ({ openApp }) => {
    const page = await openApp({ clip: clipPath('clutter'), locale: 'ja-JP', query: '?lang=en' })
    await expect(root(page)).toHaveAttribute('lang', 'en')
    await expect(page.getByRole('button', { name: 'Tap to start' })).toBeVisible()
    const french = await openApp({ clip: clipPath('clutter'), locale: 'fr-FR' })
    await expect(root(french)).toHaveAttribute('lang', 'en')
    await expect(french.getByRole('button', { name: 'Tap to start' })).toBeVisible()
  })

  test('a title, caption and button per language show the visitor’s, as text', async ({ openApp }) => {
    const page = await openApp({ clip: clipPath('clutter'), locale: 'ja-JP' })
    await page.getByRole('button', { name: 'タップして開始' }).click()
    await expect(root(page)).toHaveAttribute('data-camera', 'live')
    const meta = {
      url: 'content/robot.glb',
      title: { en: 'Volt the robot', ja: 'ロボットのボルト' },
      caption: { en: 'Say hello', ja: '<b>こんにちは</b>' },
      actions: [{ label: { en: 'Again', ja: 'もう一度' }, action: 'replay' }],
    }
    const result = await page.evaluate(
      (m) => (window as unknown as { printAR: { showMeta(m: object): { ok: boolean } } }).printAR.showMeta(m),
      meta,
    )
    expect(result.ok).toBe(true)
    await expect(root(page)).toHaveAttribute('data-content', 'shown', { timeout: 30_000 })
    await expect(page.locator('#content-title')).toHaveText('ロボットのボルト')
    await expect(page.locator('#content-caption')).toHaveText('<b>こんにちは</b>')
    await expect(page.getByRole('button', { name: 'もう一度', exact: true })).toBeVisible()
    // The same meta for an English visitor.
    const english = await openApp({ clip: clipPath('clutter'), locale: 'en-GB' })
    await tapStart(english)
    await expect(root(english)).toHaveAttribute('data-camera', 'live')
    await english.evaluate((m) => (window as unknown as { printAR: { showMeta(m: object): unknown } }).printAR.showMeta(m), meta)
    await expect(english.locator('#content-title')).toHaveText('Volt the robot', { timeout: 30_000 })
  })
})
