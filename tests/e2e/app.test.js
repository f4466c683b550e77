// End-to-end: the built PWA served by the real server, in headless Chromium at phone size.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { PHONE, accounts, launchBrowser, signIn, startServer } from './harness.js'

const SHOTS = process.env.E2E_SCREENSHOTS || '/tmp'

describe('PWA end to end', () => {
  let server
  let browser
  let clerk // the village clerk who registers a case
  let neighbour // a clerk of another village of the same township
  const title = `村道积水影响出行 ${Date.now().toString(36)}`
  let caseId

  before(async () => {
    server = await startServer()
    browser = await launchBrowser()
    const clerks = accounts(server.users, 'village_clerk')
    assert.ok(clerks.length >= 2, 'the demo county has at least two village clerks')
    clerk = clerks[0]
    const township = clerk.unitPath.split('/').slice(0, -1).join('/')
    neighbour = clerks.find((u) => u !== clerk && u.unitPath.startsWith(`${township}/`)) ?? clerks[1]
  })

  after(async () => {
    await browser?.close()
    await server?.stop()
  })

  async function phone() {
    const context = await browser.newContext({ ...PHONE, baseURL: server.baseURL })
    const page = await context.newPage()
    return { context, page }
  }

  test('a wrong password shows the server message', async () => {
    const { context, page } = await phone()
    const user = accounts(server.users, 'county_officer')[0] ?? server.users[0]
    await page.goto('/login')
    await page.getByTestId('login-form').waitFor()
    await page.waitForFunction(() => document.title === '登录 - 联创')
    assert.equal(await page.locator('html').getAttribute('lang'), 'zh-CN')
    await page.getByTestId('login-username').locator('input').fill(user.username)
    await page.getByTestId('login-password').locator('input').fill('not-the-password')
    await page.getByTestId('login-submit').click()
    const error = page.getByTestId('login-error')
    await error.waitFor()
    assert.match(await error.textContent(), /用户名或密码错误/)
    assert.equal(new URL(page.url()).pathname, '/login')

    // The chosen language reaches the server: its message comes back in English.
    // English's messages are fetched when chosen (only the default language is in the first download).
    await page.getByTestId('locale-select').selectOption('en')
    await page.waitForFunction(() => document.documentElement.lang === 'en')
    assert.equal(await page.getByTestId('login-submit').textContent().then((t) => t.trim()), 'Sign in')
    await page.getByTestId('login-submit').click()
    await page.waitForFunction(() => /Wrong username or password/.test(document.querySelector('[data-testid="login-error"]')?.textContent ?? ''))
    await context.close()
  })

  test('an empty form is refused on the phone before anything is sent', async () => {
    const { context, page } = await phone()
    await signIn(page, server.baseURL, clerk)
    let mutations = 0
    page.on('request', (r) => {
      if (r.url().endsWith('/graphql') && (r.postData() ?? '').includes('registerCase')) mutations++
    })
    await page.getByTestId('home-register').click()
    await page.getByTestId('register-form').waitFor()
    await page.getByTestId('register-submit').click()
    await page.getByTestId('register-error').waitFor()
    assert.match(await page.getByTestId('register-title').textContent(), /此项必填/)
    await page.getByTestId('petitioner-0-phone').locator('input').fill('12345')
    assert.match(await page.getByTestId('petitioner-0-phone').textContent(), /请填写正确的手机号或座机号/)
    assert.equal(mutations, 0)
    await context.close()
  })

  test('a village clerk registers a case on a phone and finds it in the list', async () => {
    const { context, page } = await phone()
    await signIn(page, server.baseURL, clerk)
    assert.equal(await page.getByTestId('home-unit-level').textContent(), '村（社区）')
    await page.getByTestId('home-open-count').filter({ hasText: /\d/ }).waitFor()
    await page.screenshot({ path: `${SHOTS}/lianchuang-home-375.png` })

    await page.getByTestId('home-register').click()
    await page.getByTestId('register-form').waitFor()
    await page.waitForFunction(() => document.title === '登记信访事项 - 联创')
    // The clerk's own village is preselected.
    const village = await page.getByTestId('register-unit').locator('input').inputValue()
    assert.ok(village.length > 0, 'village preselected')

    await page.getByTestId('register-channel').click()
    await page.locator('.van-action-sheet__item', { hasText: '来访' }).click()
    assert.equal(await page.getByTestId('register-channel').locator('input').inputValue(), '来访')
    await page.getByTestId('register-title').locator('input').fill(title)
    await page
      .getByTestId('register-content')
      .locator('textarea')
      .fill('连续降雨后村口道路积水约 30 厘米，学生上学不便，请求修缮排水沟。')
    await page.getByTestId('register-category').locator('input').fill('基础设施')
    await page.getByTestId('petitioner-0-name').locator('input').fill('张建国')
    await page.getByTestId('petitioner-0-phone').locator('input').fill('13812341234')
    await page.getByTestId('add-petitioner').click()
    await page.getByTestId('petitioner-1-name').locator('input').fill('李秀英')
    await page.getByTestId('petitioner-1-phone').locator('input').fill('0571-88881234')
    await page.screenshot({ path: `${SHOTS}/lianchuang-register-375.png`, fullPage: true })

    await page.getByTestId('register-submit').click()
    await page.waitForURL(/\/cases\/[^/]+$/)
    await page.getByTestId('case-detail').waitFor()
    caseId = await page.getByTestId('case-detail').getAttribute('data-case-id')
    assert.equal(await page.getByTestId('case-title').textContent(), title)
    assert.match(await page.getByTestId('case-channel').textContent(), /来访/)
    assert.match(await page.getByTestId('case-query-code').textContent(), /[0-9A-Z]{6,}/)
    assert.equal(await page.getByTestId('case-petitioner').count(), 2)
    assert.match(await page.getByTestId('case-timeline').textContent(), /登记/)
    await page.screenshot({ path: `${SHOTS}/lianchuang-detail-375.png`, fullPage: true })

    await page.goto('/cases')
    const first = page.getByTestId('case-row').first()
    await first.waitFor()
    assert.equal(await first.getByTestId('case-row-title').textContent(), title)
    assert.match(await first.textContent(), /已登记/)
    assert.equal(await first.getByTestId('deadline-badge').count(), 1)
    await page.screenshot({ path: `${SHOTS}/lianchuang-list-375.png` })
    await first.click()
    await page.waitForURL(`**/cases/${caseId}`)
    assert.equal(await page.getByTestId('case-title').textContent(), title)
    await context.close()
  })

  test('a clerk of another village does not see that case', async () => {
    assert.ok(caseId, 'the registration test ran first')
    const { context, page } = await phone()
    await signIn(page, server.baseURL, neighbour)
    await page.goto('/cases')
    await page.getByTestId('case-total').filter({ hasText: /\d/ }).waitFor()
    const titles = await page.getByTestId('case-row-title').allTextContents()
    assert.ok(!titles.includes(title), 'not in the neighbour list')
    assert.equal(await page.locator(`[data-case-id="${caseId}"]`).count(), 0)

    await page.getByTestId('case-search').locator('input').fill(title)
    await page.getByTestId('case-search').locator('input').press('Enter')
    await page.waitForURL(/q=/)
    await page.getByTestId('case-empty').waitFor()

    await page.goto(`/cases/${caseId}`)
    await page.getByTestId('case-not-found').waitFor()
    await context.close()
  })

  test('a township officer picks a village through the unit cascade; that village sees the case', async () => {
    const officer = accounts(server.users, 'township_officer')[0]
    const township = officer.unitPath
    const villageClerk = accounts(server.users, 'village_clerk').find((u) => u.unitPath.startsWith(`${township}/`))
    assert.ok(villageClerk, 'a village clerk under the officer')
    const { context, page } = await phone()
    await signIn(page, server.baseURL, officer)
    assert.equal(await page.getByTestId('home-unit-level').textContent(), '乡镇（街道）')

    // The open count leads to the open cases.
    const open = Number(await page.getByTestId('home-open-count').filter({ hasText: /\d/ }).textContent())
    await page.getByTestId('home-open').click()
    await page.waitForURL(/status=open/)
    await page.getByTestId('case-total').filter({ hasText: /\d/ }).waitFor()
    assert.match(await page.getByTestId('case-total').textContent(), new RegExp(`\\b${open}\\b`))

    await page.goto('/cases/new')
    await page.getByTestId('register-form').waitFor()
    assert.equal(await page.getByTestId('register-unit').locator('input').inputValue(), '', 'nothing preselected above village level')
    await page.getByTestId('register-unit').click()
    const picker = page.getByTestId('register-unit-popup')
    await picker.getByTestId('register-unit-option').first().waitFor()
    assert.equal(await picker.getByTestId('register-unit-option').count(), 1, 'units() without argument gives the officer’s township')
    await picker.getByTestId('register-unit-drill').first().click()
    await picker.getByTestId('register-unit-option').nth(1).waitFor()
    // Find the clerk's village among the children by asking the server for its path.
    const villages = await page.evaluate(async () => {
      const top = await fetch('/graphql', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ query: '{ units { id children { id name path } } }' }),
      }).then((r) => r.json())
      return top.data.units[0].children
    })
    const target = villages.find((v) => v.path === villageClerk.unitPath)
    assert.ok(target, 'the clerk’s village is a child of the township')
    await picker.locator(`[data-testid="register-unit-option"][data-unit-id="${target.id}"]`).click()
    assert.equal(await page.getByTestId('register-unit').locator('input').inputValue(), target.name)

    const ownTitle = `乡镇代登记 ${Date.now().toString(36)}`
    await page.getByTestId('register-channel').click()
    await page.locator('.van-action-sheet__item', { hasText: '电话' }).click()
    await page.getByTestId('register-title').locator('input').fill(ownTitle)
    await page.getByTestId('register-content').locator('textarea').fill('村民来电反映灌溉用水分配不均。')
    await page.getByTestId('headcount-input').fill('6')
    await page.getByTestId('collective-tag').waitFor()
    await page.getByTestId('petitioner-0-name').locator('input').fill('王大伟')
    await page.getByTestId('petitioner-0-phone').locator('input').fill('13900001111')
    await page.getByTestId('register-submit').click()
    await page.getByTestId('case-detail').waitFor()
    assert.match(await page.getByTestId('case-unit').textContent(), new RegExp(target.name))
    assert.match(await page.getByTestId('case-headcount').textContent(), /6/)
    await context.close()

    const second = await phone()
    await signIn(second.page, server.baseURL, villageClerk)
    await second.page.goto('/cases')
    await second.page.getByTestId('case-row').first().waitFor()
    assert.ok((await second.page.getByTestId('case-row-title').allTextContents()).includes(ownTitle))
    await second.context.close()
  })

  test('the app shell and the last list open offline after the first visit', async () => {
    const { context, page } = await phone()
    await signIn(page, server.baseURL, clerk)
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready
      if (!navigator.serviceWorker.controller) {
        await new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }))
      }
    })
    await page.goto('/cases')
    await page.getByTestId('case-row').first().waitFor()
    const online = await page.getByTestId('case-row-title').allTextContents()

    await context.setOffline(true)
    await page.reload()
    await page.getByTestId('page-title').waitFor()
    await page.getByTestId('offline-notice').waitFor()
    assert.match(await page.getByTestId('offline-notice').textContent(), /离线/)
    assert.deepEqual(await page.getByTestId('case-row-title').allTextContents(), online)

    await page.goto('/')
    await page.getByTestId('home-unit-name').waitFor()
    await page.getByTestId('offline-notice').waitFor()
    await context.setOffline(false)
    await context.close()
  })
})
