// End-to-end: a citizen, without signing in, submits a petition online, keeps the query code and
// tracks the petition with it and the last 4 digits of the phone.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { PHONE, launchBrowser, startServer } from './harness.js'

const SHOTS = process.env.E2E_SCREENSHOTS || '/tmp'

describe('citizen section end to end', () => {
  let server
  let browser
  let code
  const title = `小区门口路灯不亮 ${Date.now().toString(36)}`

  before(async () => {
    server = await startServer()
    browser = await launchBrowser()
  })
  after(async () => {
    await browser?.close()
    await server?.stop()
  })

  async function phone() {
    const context = await browser.newContext({ ...PHONE, baseURL: server.baseURL })
    return { context, page: await context.newPage() }
  }

  test('a citizen submits a petition online from the login screen and gets a query code', async () => {
    const { context, page } = await phone()
    await page.goto('/login')
    await page.getByTestId('login-public').click()
    await page.getByTestId('citizen-home').waitFor()
    await page.getByTestId('citizen-submit').click()
    await page.getByTestId('petition-form').waitFor()

    // Nothing filled: every required field is named and nothing is sent.
    let sent = 0
    page.on('request', (r) => {
      if (r.url().endsWith('/graphql') && (r.postData() ?? '').includes('submitPetition')) sent++
    })
    await page.getByTestId('petition-submit').click()
    await page.getByTestId('petition-error').waitFor()
    assert.match(await page.getByTestId('petition-title').textContent(), /此项必填/)
    await page.getByTestId('petition-phone').locator('input').fill('123')
    await page.getByTestId('petition-submit').click()
    assert.match(await page.getByTestId('petition-phone').textContent(), /请填写正确的手机号/)
    assert.equal(sent, 0)

    // Counties first, then a township of the county.
    await page.getByTestId('petition-unit').click()
    const popup = page.getByTestId('petition-unit-popup')
    await popup.getByTestId('petition-unit-drill').first().click()
    const township = popup.getByTestId('petition-unit-option').first()
    await township.waitFor()
    const townshipName = await township.getAttribute('data-name')
    await township.click()
    assert.equal(await page.getByTestId('petition-unit').locator('input').inputValue(), townshipName)

    await page.locator('[data-testid="petition-kind"] [data-value="SUGGESTION"]').click()
    await page.getByTestId('petition-title').locator('input').fill(title)
    await page.getByTestId('petition-content').locator('textarea').fill('小区门口两盏路灯坏了一个月，晚上出行不便，建议尽快维修。')
    await page.getByTestId('petition-place').locator('input').fill('幸福小区东门')
    await page.getByTestId('petition-name').locator('input').fill('刘晓梅')
    await page.getByTestId('petition-phone').locator('input').fill('139 0000 2468')
    await page.getByTestId('petition-submit').click()
    await page.getByTestId('petition-done').waitFor()
    code = await page.getByTestId('petition-code').getAttribute('data-code')
    assert.match(code, /^[0-9A-Z]{12}$/)
    assert.match(await page.getByTestId('petition-done').textContent(), /妥善保存/)
    await page.screenshot({ path: `${SHOTS}/lianchuang-public-code-375.png` })

    await page.getByTestId('petition-track').click()
    await page.getByTestId('track-form').waitFor()
    assert.equal(await page.getByTestId('track-code').locator('input').inputValue(), code)
    await context.close()
  })

  test('the citizen tracks the petition with the code and the last 4 digits only', async () => {
    assert.ok(code, 'submitted first')
    const { context, page } = await phone()
    await page.goto('/public/track')
    await page.getByTestId('track-form').waitFor()

    // The wrong digits get the same answer as a wrong code.
    await page.getByTestId('track-code').locator('input').fill(code.toLowerCase())
    await page.getByTestId('track-last4').locator('input').fill('1111')
    await page.getByTestId('track-submit').click()
    await page.getByTestId('track-message').waitFor()
    assert.match(await page.getByTestId('track-message').textContent(), /没有找到相符的事项/)
    assert.equal(await page.getByTestId('public-case').count(), 0)

    await page.getByTestId('track-last4').locator('input').fill('2468')
    await page.getByTestId('track-submit').click()
    await page.getByTestId('public-case').waitFor()
    assert.equal(await page.getByTestId('public-case-title').textContent(), title)
    assert.equal(await page.getByTestId('public-case').getAttribute('data-status'), 'REGISTERED')
    assert.match(await page.getByTestId('public-case').textContent(), /已登记/)
    assert.match(await page.getByTestId('public-registered').textContent(), /\d{4}\/\d{2}\/\d{2}/)
    assert.equal(await page.getByTestId('rating-form').count(), 0, 'nothing to rate before a reply')
    await page.screenshot({ path: `${SHOTS}/lianchuang-public-track-375.png`, fullPage: true })

    // The same page in English.
    await page.evaluate(() => localStorage.setItem('lc.locale', 'en'))
    await page.goto(`/public/track?code=${code}`)
    await page.getByTestId('track-last4').locator('input').fill('2468')
    await page.getByTestId('track-submit').click()
    await page.getByTestId('public-case').waitFor()
    assert.match(await page.getByTestId('public-case').textContent(), /Handled by/)
    await context.close()
  })
})
