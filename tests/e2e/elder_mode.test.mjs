// Elder mode (长辈版), issue 14: "a switch (remembered per device, offered on the public pages and
// the login) to larger text (at least 18 px body), larger tap targets, higher contrast and simpler
// layout; all public pages and the village clerk's screens work in it; Lighthouse accessibility
// stays 100 in both modes."
// The figures are the MIIT norm's (《移动互联网应用（APP）适老化通用设计规范》): 1.1 "适老版界面…中的主要
// 文字信息不小于18 dp/pt"; 2.1 "适老版界面中的主要组件可点击焦点区域尺寸不小于60 × 60dp/pt".
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { PHONE_390, shot } from './harness.js'
import { ELDER_KEY, startLighthouseChrome, summarize } from './lighthouse.js'
import { demoApp } from './suite.js'

const MIN_TEXT_PX = 18
const MIN_TAP_PX = 60

/** In the page: the font size (px) of the body and of the given elements' text. */
const fontSizes = (selectors) =>
  Object.fromEntries(
    ['body', ...selectors].map((s) => {
      const el = document.querySelector(s)
      return [s, el ? Number.parseFloat(getComputedStyle(el).fontSize) : null]
    }),
  )

/** In the page: every visible control a finger taps inside the bar and the main content, with its size. */
const tapTargets = () =>
  [...document.querySelectorAll('main a, main button, main select, main [role="switch"], .van-nav-bar__left')]
    .filter((el) => {
      const r = el.getBoundingClientRect()
      return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden'
    })
    .map((el) => {
      const r = el.getBoundingClientRect()
      return { what: `${el.tagName.toLowerCase()} ${(el.textContent || '').trim().slice(0, 20)}`, width: r.width, height: r.height }
    })

/**
 * In the page: what does not fit a phone's width, or hides part of a text: the page scrolling
 * sideways, a text outside the screen (except inside a strip meant to scroll sideways, and the skip
 * link kept off-screen until focused), a box with hidden overflow whose text is larger than the box.
 */
const misfits = () => {
  const out = []
  const width = document.documentElement.clientWidth
  if (document.documentElement.scrollWidth > width + 1) out.push(`the page scrolls sideways: ${document.documentElement.scrollWidth} px`)
  const inScroller = (el) => {
    for (let p = el.parentElement; p; p = p.parentElement) {
      if (['auto', 'scroll'].includes(getComputedStyle(p).overflowX)) return true
    }
    return false
  }
  for (const el of document.querySelectorAll('#app *')) {
    if (el.closest('.skip-link')) continue
    const hasText = [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent.trim())
    if (!hasText) continue
    const r = el.getBoundingClientRect()
    const style = getComputedStyle(el)
    if (!r.width || !r.height || style.visibility === 'hidden') continue
    const text = el.textContent.trim().slice(0, 24)
    if ((r.right > width + 1 || r.left < -1) && !inScroller(el)) out.push(`off the screen: “${text}”`)
    const hides = ['hidden', 'clip'].includes(style.overflowX) || ['hidden', 'clip'].includes(style.overflowY)
    if (hides && (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1)) out.push(`clipped: “${text}”`)
  }
  return out
}

describe('elder mode', () => {
  const app = demoApp()

  test('switched on at /public, it is remembered after a reload: body text ≥ 18 px and tap targets ≥ 60 × 60 px', async () => {
    const { context, page } = await app.newPage(PHONE_390)
    await page.goto('/public')
    await page.getByTestId('citizen-home').waitFor()
    const elderSwitch = page.getByRole('switch', { name: /长辈版/ })
    assert.equal(await elderSwitch.getAttribute('aria-checked'), 'false')
    // Normal mode is smaller: the assertions below can fail.
    const before = await page.evaluate(fontSizes, ['.intro'])
    assert.ok(before['.intro'] < MIN_TEXT_PX, `normal mode's intro is ${before['.intro']} px`)
    const normalTargets = await page.evaluate(tapTargets)
    assert.ok(normalTargets.some((t) => t.height < MIN_TAP_PX), `normal mode: ${JSON.stringify(normalTargets)}`)

    await elderSwitch.click()
    assert.equal(await elderSwitch.getAttribute('aria-checked'), 'true')
    assert.equal(await page.evaluate((key) => localStorage.getItem(key), ELDER_KEY), '1')

    await page.reload()
    await page.getByTestId('citizen-home').waitFor()
    assert.equal(await page.getByRole('switch', { name: /长辈版/ }).getAttribute('aria-checked'), 'true', 'remembered after a reload')
    assert.ok(await page.evaluate(() => document.documentElement.classList.contains('lc-elder')))
    const sizes = await page.evaluate(fontSizes, ['.intro', '.card-title', '[data-testid="page-title"]'])
    for (const [what, size] of Object.entries(sizes)) {
      assert.ok(size >= MIN_TEXT_PX, `${what}: ${size} px < ${MIN_TEXT_PX} px in elder mode`)
    }
    const targets = await page.evaluate(tapTargets)
    assert.ok(targets.length >= 5, `controls found: ${JSON.stringify(targets)}`) // back, switch, two cards, language
    for (const t of targets) {
      assert.ok(t.width >= MIN_TAP_PX && t.height >= MIN_TAP_PX, `${t.what}: ${Math.round(t.width)} × ${Math.round(t.height)} px`)
    }
    assert.deepEqual(await page.evaluate(misfits), [])
    await shot(page, 'elder-public')

    // The same device's sign-in screen is in elder mode too, and offers the switch back.
    await page.goto('/login')
    await page.getByTestId('login-form').waitFor()
    const login = await page.evaluate(fontSizes, ['#login-username', '[data-testid="login-submit"]'])
    assert.ok(login['#login-username'] >= MIN_TEXT_PX, `username field ${login['#login-username']} px`)
    const submit = await page.getByTestId('login-submit').boundingBox()
    assert.ok(submit.height >= MIN_TAP_PX, `sign-in button ${submit.height} px high`)
    await page.getByRole('switch', { name: /长辈版/ }).click()
    assert.equal(await page.evaluate((key) => localStorage.getItem(key), ELDER_KEY), null)
    assert.ok(!(await page.evaluate(() => document.documentElement.classList.contains('lc-elder'))))
    await context.close()
  })

  test("the village clerk's screening report works in elder mode at 390 × 844, and the switch is in the clerk's settings", async () => {
    const { context, page } = await app.newPage(PHONE_390)
    await context.addInitScript((key) => localStorage.setItem(key, '1'), ELDER_KEY)
    await page.goto('/login')
    await page.getByTestId('login-username').locator('input').fill('t01v01')
    await page.getByTestId('login-password').locator('input').fill(app.user('t01v01').password)
    await page.getByTestId('login-submit').click()
    await page.getByTestId('home-unit-name').waitFor()
    // The signed-in home screen's settings (next to the language) offer the switch, now on.
    assert.equal(await page.getByRole('switch', { name: /长辈版/ }).getAttribute('aria-checked'), 'true')
    assert.deepEqual(await page.evaluate(misfits), [], 'home screen')

    await page.goto('/screening/report')
    await page.getByTestId('report-form').waitFor()
    await page.waitForLoadState('networkidle')
    assert.equal(page.viewportSize().width, 390)
    const sizes = await page.evaluate(fontSizes, [
      '[data-testid="report-form"] .van-cell__title',
      '[data-testid="report-form"] .van-field__control',
      '[data-testid="page-title"]',
    ])
    for (const [what, size] of Object.entries(sizes)) {
      assert.ok(size >= MIN_TEXT_PX, `${what}: ${size} px < ${MIN_TEXT_PX} px`)
    }
    for (const button of await page.locator('[data-testid="report-form"] .van-button--normal:visible').all()) {
      const box = await button.boundingBox()
      assert.ok(box.height >= MIN_TAP_PX, `${await button.textContent()}: ${box.height} px high`)
    }
    assert.deepEqual(await page.evaluate(misfits), [], 'screening report')
    await shot(page, 'elder-screening-report')

    await page.goto('/cases')
    await page.locator('main').waitFor()
    await page.waitForLoadState('networkidle')
    assert.deepEqual(await page.evaluate(misfits), [], 'case list')
    await context.close()
  })

  test('Lighthouse accessibility is 100 on /login and /public, in normal and in elder mode', async () => {
    const chrome = await startLighthouseChrome()
    try {
      for (const elder of [false, true]) {
        for (const path of ['/login', '/public']) {
          const lhr = await chrome.audit(`${app.server.baseURL}${path}`, { elder, categories: ['accessibility'] })
          const { scores, failingAccessibility } = summarize(lhr)
          const mode = elder ? 'elder' : 'normal'
          assert.equal(scores.accessibility, 100, `${path} (${mode}): ${failingAccessibility.join('; ')}`)
        }
      }
    } finally {
      await chrome.close()
    }
  })
})
