// End-to-end: a citizen, without signing in, submits a petition online with a photo, keeps the
// query code and tracks the petition with it and the last 4 digits of the phone; the township
// handling it sees the photo on the case. A citizen files an accusation about a village: it goes to
// the township above it, and the village's clerk never sees it (信访工作条例 第三十条).
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { PHONE, PHONE_390, launchBrowser, signIn, startServer } from './harness.js'

const SHOTS = process.env.E2E_SCREENSHOTS || '/tmp'
// A 1×1 PNG: the server sniffs the type from the bytes.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
)

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

  test('a citizen submits a petition online with a photo from the login screen and gets a query code', async () => {
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

    // Photos come after the unit is chosen: its county keeps them.
    assert.equal(await page.getByTestId('petition-upload').count(), 0)
    await page.getByTestId('petition-files-later').waitFor()

    // Counties first, then a township of the county (城关镇, where t01_officer works).
    await page.getByTestId('petition-unit').click()
    const popup = page.getByTestId('petition-unit-popup')
    await popup.getByTestId('petition-unit-drill').first().click()
    const township = popup.locator('[data-testid="petition-unit-option"][data-name="城关镇"]')
    await township.waitFor()
    await township.click()
    assert.equal(await page.getByTestId('petition-unit').locator('input').inputValue(), '城关镇')

    await page.locator('[data-testid="petition-kind"] [data-value="SUGGESTION"]').click()
    await page.getByTestId('petition-title').locator('input').fill(title)
    await page.getByTestId('petition-content').locator('textarea').fill('小区门口两盏路灯坏了一个月，晚上出行不便，建议尽快维修。')
    await page.getByTestId('petition-place').locator('input').fill('幸福小区东门')
    await page.getByTestId('petition-name').locator('input').fill('刘晓梅')
    await page.getByTestId('petition-phone').locator('input').fill('139 0000 2468')

    // The page reloads (as a phone's camera can make it do): nothing typed is lost.
    await page.reload()
    await page.getByTestId('petition-restored').waitFor()
    assert.equal(await page.getByTestId('petition-title').locator('input').inputValue(), title)
    assert.equal(await page.getByTestId('petition-unit').locator('input').inputValue(), '城关镇')
    assert.equal(await page.getByTestId('petition-phone').locator('input').inputValue(), '139 0000 2468')

    // A file the server refuses (not really a photo) fails alone; the petition stays as typed.
    const chooser = page.getByTestId('petition-upload').locator('input[type=file]')
    await chooser.setInputFiles({ name: '伪装.png', mimeType: 'image/png', buffer: Buffer.from('not a photo at all') })
    await page.getByTestId('upload-failed').waitFor()
    assert.match(await page.getByTestId('upload-failed').textContent(), /只能上传 JPEG、PNG、WebP 图片或 PDF 文件/)
    assert.equal(await page.getByTestId('petition-content').locator('textarea').inputValue(), '小区门口两盏路灯坏了一个月，晚上出行不便，建议尽快维修。')
    await page.getByTestId('petition-submit').click()
    assert.match(await page.getByTestId('petition-error').textContent(), /请移除上传失败的附件/)
    assert.equal(sent, 0)
    await page.getByTestId('upload-failed').locator('button').click()

    let uploaded = null
    page.on('response', async (r) => {
      if (r.url().includes('/public/attachments') && r.status() === 201) uploaded = await r.json()
    })
    await chooser.setInputFiles({ name: '路灯.png', mimeType: 'image/png', buffer: PNG })
    await page.waitForFunction(() => {
      const previews = [...document.querySelectorAll('[data-testid="petition-upload"] .van-uploader__preview')]
      const last = previews[previews.length - 1]
      return last?.querySelector('img') && !last.querySelector('.van-uploader__mask') && !document.querySelector('[data-testid="upload-failed"]')
    })
    await page.getByTestId('petition-submit').click()
    await page.getByTestId('petition-done').waitFor()
    assert.ok(uploaded?.id && !/^QXR0YWNobWVudD/.test(uploaded.id), 'a signed token, not the file id')
    code = await page.getByTestId('petition-code').getAttribute('data-code')
    assert.match(code, /^[0-9A-Z]{12}$/)
    assert.match(await page.getByTestId('petition-done').textContent(), /妥善保存/)
    await page.screenshot({ path: `${SHOTS}/lianchuang-public-code-375.png` })

    await page.getByTestId('petition-track').click()
    await page.getByTestId('track-form').waitFor()
    assert.equal(await page.getByTestId('track-code').locator('input').inputValue(), code)
    // Submitted: the draft is gone, the form starts empty.
    await page.goto('/public/submit')
    await page.getByTestId('petition-form').waitFor()
    assert.equal(await page.getByTestId('petition-restored').count(), 0)
    assert.equal(await page.getByTestId('petition-title').locator('input').inputValue(), '')
    await context.close()
  })

  test('the township handling the petition sees the photo on the case', async () => {
    assert.ok(code, 'submitted first')
    const { context, page } = await phone()
    const officer = server.users.find((u) => u.username === 't01_officer')
    await signIn(page, server.baseURL, officer)
    await page.goto(`/cases?q=${code}`)
    await page.getByTestId('case-row').first().click()
    await page.getByTestId('case-detail').waitFor()
    assert.equal(await page.getByTestId('case-title').textContent(), title)
    assert.match(await page.getByTestId('case-channel').textContent(), /网上/)
    const photo = page.locator('[data-testid="case-attachments"] img[alt="路灯.png"]')
    await photo.waitFor()
    await page.waitForFunction(() => {
      const img = document.querySelector('[data-testid="case-attachments"] img')
      return img && img.complete && img.naturalWidth === 1
    })
    assert.match(await page.getByTestId('case-timeline').textContent(), /登记/)
    await page.screenshot({ path: `${SHOTS}/lianchuang-public-photo-on-case-375.png`, fullPage: true })
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

  test('an accusation about a village filed on the public form reaches the township above and not the village', async () => {
    // 信访工作条例 第三十条: 不得将检举、揭发、控告材料及有关情况透露或者转送给被检举、揭发、控告的人员和单位。
    const clerk = server.users.find((u) => u.username === 't01v01')
    const officer = server.users.find((u) => u.username === 't01_officer')
    const accusationTitle = `村干部私分补偿款 ${Date.now().toString(36)}`

    // The village the clerk works in (a village of 城关镇).
    const clerkPhone = await browser.newContext({ ...PHONE_390, baseURL: server.baseURL })
    const clerkPage = await clerkPhone.newPage()
    await signIn(clerkPage, server.baseURL, clerk)
    const village = (await clerkPage.getByTestId('home-unit-name').textContent()).trim()
    assert.ok(village)

    const context = await browser.newContext({ ...PHONE_390, baseURL: server.baseURL })
    const page = await context.newPage()
    let sentInput = null
    page.on('request', (r) => {
      const body = r.postData() ?? ''
      if (r.url().endsWith('/graphql') && body.includes('submitPetition')) sentInput = JSON.parse(body).variables.input
    })
    await page.goto('/public/submit')
    await page.getByTestId('petition-form').waitFor()
    // Addressed to the village itself: county › 城关镇 › the village.
    await page.getByTestId('petition-unit').click()
    const popup = page.getByTestId('petition-unit-popup')
    await popup.getByTestId('petition-unit-drill').first().click()
    await popup.locator('[data-testid="petition-unit-drill"][data-name="城关镇"]').click()
    await popup.locator(`[data-testid="petition-unit-option"][data-name="${village}"]`).click()
    assert.equal(await page.getByTestId('petition-unit').locator('input').inputValue(), village)

    // The question appears only for 检举控告; "not sure" (the unit chosen above) is the default.
    assert.equal(await page.getByTestId('petition-accused').count(), 0)
    await page.locator('[data-testid="petition-kind"] [data-value="ACCUSATION"]').click()
    const accused = page.getByTestId('petition-accused')
    await accused.waitFor()
    assert.match(await accused.textContent(), /检举控告涉及哪个单位？/)
    assert.match(await accused.textContent(), new RegExp(`不确定（按上面选择的“${village}”）`))
    assert.match(await page.getByTestId('petition-accused-note').textContent(), /第三十条.*上一级处理.*不会转给被检举控告的单位/)
    assert.equal(await accused.locator('[data-value="UNSURE"]').getAttribute('aria-checked'), 'true')

    // The citizen names the village; left unpicked, the form says so and sends nothing.
    await accused.locator('[data-value="UNIT"]').click()
    await page.getByTestId('petition-title').locator('input').fill(accusationTitle)
    await page.getByTestId('petition-content').locator('textarea').fill('村委会干部把征地补偿款私下分了，村民没有拿到应得的份额。')
    await page.getByTestId('petition-name').locator('input').fill('周立群')
    await page.getByTestId('petition-phone').locator('input').fill('139 0000 1357')
    await page.getByTestId('petition-submit').click()
    assert.match(await page.getByTestId('petition-accused-unit').textContent(), /此项必填/)
    assert.equal(sentInput, null)
    await page.getByTestId('petition-accused-unit').click()
    const accusedPopup = page.getByTestId('petition-accused-unit-popup')
    // The county itself is not offered (an accusation against it would go to the city): its name
    // only opens its townships, and inside it there is no "choose the county" line.
    await accusedPopup.getByTestId('petition-accused-unit-open').first().waitFor()
    assert.equal(await accusedPopup.getByTestId('petition-accused-unit-option').count(), 0)
    await accusedPopup.getByTestId('petition-accused-unit-drill').first().click()
    await accusedPopup.locator('[data-testid="petition-accused-unit-drill"][data-name="城关镇"]').waitFor()
    assert.equal(await accusedPopup.getByTestId('petition-accused-unit-here').count(), 0)
    await accusedPopup.locator('[data-testid="petition-accused-unit-drill"][data-name="城关镇"]').click()
    await accusedPopup.locator(`[data-testid="petition-accused-unit-option"][data-name="${village}"]`).click()
    assert.equal(await page.getByTestId('petition-accused-unit').locator('input').inputValue(), village)

    // A reload keeps the answer too.
    await page.reload()
    await page.getByTestId('petition-restored').waitFor()
    assert.equal(await page.locator('[data-testid="petition-accused"] [data-value="UNIT"]').getAttribute('aria-checked'), 'true')
    assert.equal(await page.getByTestId('petition-accused-unit').locator('input').inputValue(), village)
    await page.getByTestId('petition-accused').evaluate((el) => window.scrollBy(0, el.getBoundingClientRect().top - 160))
    await page.screenshot({ path: `${SHOTS}/lianchuang-public-accusation-390.png` })

    await page.getByTestId('petition-submit').click()
    await page.getByTestId('petition-done').waitFor()
    assert.ok(sentInput?.accusedUnitId, 'the accused unit goes with the accusation')
    assert.equal(sentInput.kind, 'ACCUSATION')
    await context.close()

    // The village's clerk finds nothing, not even by its title.
    await clerkPage.goto(`/cases?q=${encodeURIComponent(accusationTitle)}`)
    await clerkPage.getByTestId('case-empty').waitFor()
    assert.equal(await clerkPage.getByTestId('case-row').count(), 0)
    await clerkPhone.close()

    // The township's officer above it has it.
    const officerPhone = await browser.newContext({ ...PHONE_390, baseURL: server.baseURL })
    const officerPage = await officerPhone.newPage()
    await signIn(officerPage, server.baseURL, officer)
    await officerPage.goto(`/cases?q=${encodeURIComponent(accusationTitle)}`)
    await officerPage.getByTestId('case-row').first().click()
    await officerPage.getByTestId('case-detail').waitFor()
    assert.equal(await officerPage.getByTestId('case-title').textContent(), accusationTitle)
    await officerPhone.close()
  })
})
