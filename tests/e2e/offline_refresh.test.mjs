// End-to-end: a case registered with no signal shows "已保存在本机，联网后自动发送" with the outbox
// (not an error), and turns into "sent" when the connection returns; a page showing the copy kept
// offline refreshes itself after the outbox drained: no stale "offline" notice, no 待报 for a period
// that was just filed.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { PHONE_390, launchBrowser, shot, signIn, startServer } from './harness.js'

describe('offline registration and refresh after sync', () => {
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

  async function phone(username) {
    const context = await browser.newContext({ ...PHONE_390, baseURL: server.baseURL })
    const page = await context.newPage()
    await signIn(page, server.baseURL, server.users.find((u) => u.username === username))
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready
      if (!navigator.serviceWorker.controller) {
        await new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }))
      }
    })
    return { context, page }
  }

  async function api(page, query, variables = {}) {
    const response = await page.request.post('/graphql', { data: { query, variables } })
    return (await response.json()).data
  }

  test('a case registered offline is shown as saved on the phone, then as sent', async () => {
    const { context, page } = await phone('t02v01')
    const title = `离线登记 ${Date.now().toString(36)}`
    await context.setOffline(true)
    // Into the register screen from the home screen, as a clerk would, without a connection.
    await page.goto('/cases/new')
    await page.getByTestId('register-form').waitFor()
    await page.getByTestId('register-channel').click()
    await page.locator('.van-action-sheet__item', { hasText: '来访' }).click()
    await page.getByTestId('register-title').locator('input').fill(title)
    await page.getByTestId('register-content').locator('textarea').fill('村民反映道路损坏，请求维修。')
    await page.getByTestId('petitioner-0-name').locator('input').fill('李四')
    await page.getByTestId('petitioner-0-phone').locator('input').fill('13912345678')
    await page.getByTestId('register-submit').click()

    const saved = page.getByTestId('register-saved')
    await saved.waitFor()
    assert.match(await saved.textContent(), /已保存在本机，联网后自动发送/)
    assert.doesNotMatch(await page.locator('main').textContent(), /出错了/)
    await page.getByTestId('outbox-item-case').waitFor()
    assert.match(await page.getByTestId('outbox').textContent(), new RegExp(title))
    await shot(page, 'register-saved-offline')

    await context.setOffline(false)
    await page.waitForFunction(() => /已发送/.test(document.querySelector('[data-testid="register-saved"]')?.textContent ?? ''), null, {
      timeout: 40_000,
    })
    await shot(page, 'register-delivered')
    const cases = await api(page, 'query($s:String){ cases(filter:{search:$s}){ totalCount } }', { s: title })
    assert.equal(cases.cases.totalCount, 1, 'registered exactly once')
    await context.close()
  })

  test('the screening page refreshes itself when the outbox drained', async () => {
    const { context, page } = await phone('t01v01')
    await page.goto('/screening')
    await page.getByTestId('own-state').filter({ hasText: '待报' }).waitFor()

    await context.setOffline(true)
    await page.reload() // the app opens from the phone; the data is the copy kept last time
    await page.getByTestId('offline-notice').waitFor()
    await page.getByTestId('fill-report').first().click()
    await page.getByTestId('report-form').waitFor()
    await page.getByTestId('report-zero').locator('.van-switch').click()
    await page.getByTestId('report-submit').click()
    await page.waitForURL('**/screening')
    await page.getByTestId('outbox-item-report').waitFor()
    assert.match(await page.getByTestId('own-state').textContent(), /待报/)
    await shot(page, 'screening-offline-waiting')

    // The signal returns: no reload by hand. The report is delivered and the page shows the server's state.
    await context.setOffline(false)
    await page.getByTestId('outbox').waitFor({ state: 'detached', timeout: 40_000 })
    await page.getByTestId('own-state').filter({ hasText: '已报' }).waitFor({ timeout: 10_000 })
    await page.getByTestId('offline-notice').waitFor({ state: 'detached', timeout: 10_000 })
    assert.equal(await page.getByTestId('fill-report').count(), 0, 'no offer to file the period again')
    await shot(page, 'screening-after-sync')
    await context.close()
  })
})
