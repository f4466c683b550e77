// The PWA's first load stays within its budget (DESIGN: initial JS ≤ 200 KB gzipped): the
// scripts a phone fetches to show the sign-in screen, and then the home screen after signing in.
import assert from 'node:assert/strict'
import { gzipSync } from 'node:zlib'
import { after, before, describe, test } from 'node:test'
import { PHONE, launchBrowser, signIn, startServer } from './harness.js'

const BUDGET_BYTES = 200 * 1024

describe('first-load budget', () => {
  let server
  let browser

  before(async () => {
    server = await startServer()
    browser = await launchBrowser()
  })
  after(async () => {
    await browser?.close()
    await server?.stop()
  })

  /** Gzipped bytes of every script fetched while `action` runs (a service worker is not yet in the way). */
  async function scriptBytes(page, action) {
    const sizes = new Map()
    const pending = []
    const onResponse = (response) => {
      if (response.request().resourceType() !== 'script' || response.status() !== 200) return
      pending.push(response.body().then((body) => sizes.set(response.url(), gzipSync(body).length)))
    }
    page.on('response', onResponse)
    await action()
    await page.waitForLoadState('networkidle')
    page.off('response', onResponse)
    await Promise.all(pending)
    if (process.env.BUDGET_DETAIL) console.log([...sizes].map(([u, n]) => `${u.split('/').pop()} ${n}`).join('\n'))
    return [...sizes.values()].reduce((a, b) => a + b, 0)
  }

  test('a first visit (sign-in screen) and a returning officer (home screen) each load within 200 KB of gzipped JavaScript', async () => {
    const fresh = { ...PHONE, baseURL: server.baseURL, serviceWorkers: 'block' }
    const first = await browser.newContext(fresh)
    const page = await first.newPage()
    const login = await scriptBytes(page, async () => {
      await page.goto('/login')
      await page.getByTestId('login-username').waitFor()
    })
    assert.ok(login > 10 * 1024, `suspiciously little JavaScript measured: ${login} bytes`)
    assert.ok(login <= BUDGET_BYTES, `sign-in screen: ${Math.round(login / 1024)} KB gzipped`)

    // The officer signed in yesterday: a new browser context with the session cookie, cold caches.
    await signIn(page, server.baseURL, server.users.find((u) => u.username === 't01v01'))
    const returning = await browser.newContext({ ...fresh, storageState: await first.storageState() })
    const again = await returning.newPage()
    const home = await scriptBytes(again, async () => {
      await again.goto('/')
      await again.getByTestId('home-unit-name').waitFor()
    })
    assert.ok(home <= BUDGET_BYTES, `home screen: ${Math.round(home / 1024)} KB gzipped`)
    console.log(`first load, gzipped JS: sign-in screen ${Math.round(login / 1024)} KB, home screen ${Math.round(home / 1024)} KB`)
    await first.close()
    await returning.close()
  })
})
