import { test, expect } from './fixtures'
import { clipPath } from './clips'
import { root } from './helpers'

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
})
