// The PWA's first load stays within its budget (DESIGN: initial JS ≤ 200 KB gzipped): the
// scripts a phone fetches to show the sign-in screen, and then the home screen after signing in.
// And what made the first screens slow on a phone (issue 14, Lighthouse performance ≥ 95 on /login
// and /public): no render-blocking stylesheet, and no dozen small files fetched one round after another.
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

  /**
   * The document, scripts and stylesheets requested before the first contentful paint (what comes
   * after it, e.g. the outbox's code, is not the first screen's), with their gzipped sizes.
   */
  async function firstScreen(page, path, ready) {
    const files = []
    const pending = []
    const onResponse = (response) => {
      const type = response.request().resourceType()
      if (!['document', 'script', 'stylesheet'].includes(type) || response.status() !== 200) return
      pending.push(response.body().then((body) => files.push({ type, url: response.url(), gzipped: gzipSync(body).length, body })))
    }
    page.on('response', onResponse)
    await page.goto(path)
    await ready.waitFor()
    const beforePaint = await page.evaluate(async () => {
      while (!performance.getEntriesByName('first-contentful-paint').length) await new Promise((r) => setTimeout(r, 50))
      const paint = performance.getEntriesByName('first-contentful-paint')[0].startTime
      return performance.getEntriesByType('resource').filter((e) => e.startTime < paint).map((e) => e.name)
    })
    await page.waitForLoadState('networkidle')
    page.off('response', onResponse)
    await Promise.all(pending)
    return files.filter((f) => f.type === 'document' || beforePaint.includes(f.url))
  }

  test('the sign-in screen and the citizens’ page: no render-blocking stylesheet, the entry and one screen chunk, within 120 KB gzipped', async () => {
    for (const [path, testId] of [
      ['/login', 'login-username'],
      ['/public', 'citizen-home'],
    ]) {
      // A first visit each: cold caches.
      const context = await browser.newContext({ ...PHONE, baseURL: server.baseURL, serviceWorkers: 'block' })
      const page = await context.newPage()
      const files = await firstScreen(page, path, page.getByTestId(testId))
      const html = files.find((f) => f.type === 'document').body.toString()
      const head = html.slice(0, html.indexOf('</head>'))
      assert.doesNotMatch(head, /<link[^>]+rel="stylesheet"/, `${path}: a stylesheet blocks the first paint`)
      assert.doesNotMatch(head, /<script(?![^>]*(type="module"|defer|async))[^>]*src=/, `${path}: a script blocks parsing`)
      const scripts = files.filter((f) => f.type === 'script')
      const sheets = files.filter((f) => f.type === 'stylesheet')
      const names = files.map((f) => `${f.url.split('/').pop()} ${f.gzipped}`).join(', ')
      // The entry (Vue, the router, the default language, the shell components) and the screen's own chunk.
      assert.ok(scripts.length <= 2, `${path}: ${scripts.length} scripts before the screen shows (${names})`)
      assert.ok(sheets.length <= 1, `${path}: ${sheets.length} stylesheets before the screen shows (${names})`)
      const total = files.reduce((sum, f) => sum + f.gzipped, 0)
      assert.ok(total <= 120 * 1024, `${path}: ${Math.round(total / 1024)} KB gzipped before the screen shows (${names})`)
      console.log(`${path} first screen: ${files.length} files, ${Math.round(total / 1024)} KB gzipped (${names})`)
      await context.close()
    }
  })

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
