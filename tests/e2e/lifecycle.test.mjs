// End-to-end: a case through its statutory lifecycle, by the people who take each step, on phones.
// Village clerk registers → township officer accepts and assigns → township leader replies →
// the petitioner rates 不满意 through the QR link of the reply letter → the county sees it flagged →
// the petitioner asks for 复查 → the county upholds (维持) the reply and the petitioner reads it.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { PHONE, PHONE_390, launchBrowser, shot, signIn, startServer } from './harness.js'

const SHOTS = process.env.E2E_SCREENSHOTS || '/tmp'
// A 1×1 PNG: the upload is type-sniffed by the server.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
)

describe('case lifecycle end to end', () => {
  let server
  let browser
  const title = `村口桥梁护栏损坏 ${Date.now().toString(36)}`
  let caseId
  let token
  let queryCode

  const user = (name) => {
    const found = server.users.find((u) => u.username === name)
    assert.ok(found, `demo account ${name}`)
    return found
  }

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

  async function act(page, action, fill = async () => {}) {
    await page.getByTestId(`action-${action}`).click()
    const form = page.locator(`[data-testid="action-form"][data-action="${action}"]`)
    await form.waitFor()
    await fill(form)
    await form.getByTestId('action-submit').click()
    await form.waitFor({ state: 'hidden' })
  }

  test('a village clerk registers a case with its elements and a photo', async () => {
    const { context, page } = await phone()
    await signIn(page, server.baseURL, user('t01v01'))
    await page.getByTestId('home-register').click()
    await page.getByTestId('register-form').waitFor()
    await page.getByTestId('register-channel').click()
    await page.locator('.van-action-sheet__item', { hasText: '来访' }).click()
    await page.getByTestId('register-title').locator('input').fill(title)
    await page.getByTestId('register-content').locator('textarea').fill('村口小桥护栏断裂，学生上学经过有危险，请求尽快修复。')
    await page.locator('[data-testid="register-kind"] [data-value="COMPLAINT"]').click()
    await page.getByTestId('register-cause').locator('textarea').fill('货车撞断护栏')
    await page.getByTestId('register-place').locator('input').fill('村口小桥')
    await page.getByTestId('register-occurred-on').locator('input').fill('2026-11-01')
    await page.getByTestId('register-upload').locator('input[type=file]').setInputFiles({
      name: '现场.png',
      mimeType: 'image/png',
      buffer: PNG,
    })
    await page.locator('[data-testid="register-upload"] .van-uploader__preview').waitFor()
    // Refused on the client: not a photo nor a PDF.
    await page.getByTestId('register-upload').locator('input[type=file]').setInputFiles({
      name: 'notes.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('hello'),
    })
    await page.getByTestId('upload-failed').waitFor()
    assert.match(await page.getByTestId('upload-failed').textContent(), /只能上传/)
    await page.getByTestId('upload-failed').locator('button').click()
    await page.getByTestId('petitioner-0-name').locator('input').fill('张建国')
    await page.getByTestId('petitioner-0-phone').locator('input').fill('13812345678')
    await page.getByTestId('register-submit').click()
    await page.waitForURL(/\/cases\/[^/]+$/)
    await page.getByTestId('case-detail').waitFor()
    caseId = await page.getByTestId('case-detail').getAttribute('data-case-id')
    queryCode = (await page.getByTestId('case-query-code').textContent()).match(/[0-9A-Z]{12}/)[0]
    assert.match(await page.getByTestId('case-kind').textContent(), /申诉求决/)
    assert.match(await page.getByTestId('case-elements').textContent(), /货车撞断护栏/)
    assert.match(await page.getByTestId('case-elements').textContent(), /村口小桥/)
    assert.equal(await page.locator('[data-testid="case-attachments"] img').count(), 1)
    // A village clerk may not take the township's steps.
    assert.equal(await page.getByTestId('case-actions').count(), 0)
    await context.close()
  })

  test('the township officer accepts and assigns to the township leader', async () => {
    assert.ok(caseId, 'registered first')
    const { context, page } = await phone()
    await signIn(page, server.baseURL, user('t01_officer'))
    await page.getByTestId('inbox-grid').waitFor()
    await page.getByTestId('inbox-TO_ACCEPT').getByTestId('inbox-count').filter({ hasText: /[1-9]/ }).waitFor()
    await page.goto(`/cases/${caseId}`)
    await page.getByTestId('case-actions').waitFor()
    await page.screenshot({ path: `${SHOTS}/lianchuang-lifecycle-detail-375.png` })
    assert.equal(await page.getByTestId('action-ASSIGN').count(), 0, 'assign comes after acceptance')

    // A rejection needs a reason: refused on the client before anything is sent.
    await page.getByTestId('action-REJECT').click()
    const reject = page.locator('[data-testid="action-form"][data-action="REJECT"]')
    await reject.getByTestId('action-submit').click()
    assert.match(await reject.getByTestId('action-note').textContent(), /此项必填/)
    await reject.locator('.close').click()

    // 转送 offers the county and the other townships, never the township handling it nor a village.
    await page.getByTestId('action-FORWARD').click()
    const forward = page.locator('[data-testid="action-form"][data-action="FORWARD"]')
    await forward.getByTestId('forward-target').first().waitFor()
    const targets = await forward.getByTestId('forward-target').evaluateAll((els) => els.map((e) => [e.dataset.name, e.dataset.level]))
    assert.ok(targets.some(([name, level]) => name === '枞溪县' && level === 'COUNTY'), JSON.stringify(targets))
    assert.ok(targets.some(([name]) => name === '柳河镇'), JSON.stringify(targets))
    assert.ok(!targets.some(([name]) => name === '城关镇'), 'not the unit handling it')
    assert.ok(targets.every(([, level]) => level === 'COUNTY' || level === 'TOWNSHIP'))
    await forward.locator('.close').click()

    await act(page, 'ACCEPT', (form) => form.getByTestId('action-note').locator('textarea').fill('属实，予以受理'))
    await page.getByTestId('action-ASSIGN').waitFor()
    assert.match(await page.getByTestId('case-documents').textContent(), /受理告知书/)
    await act(page, 'ASSIGN', async (form) => {
      await form.locator('[data-testid="assign-leader"] [data-username="t01_leader"]').click()
      await form.locator('[data-testid="assign-handlers"] [data-username="t01_officer"]').click()
      await form.getByTestId('assign-plan').locator('textarea').fill('三日内联系交通站修复护栏')
    })
    await page.getByTestId('case-leader').filter({ hasText: user('t01_leader').displayName }).waitFor()
    assert.match(await page.getByTestId('case-plan').textContent(), /交通站/)

    // The township adds a scanned letter it received later: on the case and on the timeline.
    await page.getByTestId('case-files-upload').locator('input[type=file]').setInputFiles({
      name: '补充材料.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4\n% scanned letter\n'),
    })
    await page.getByTestId('case-files-save').click()
    await page.locator('[data-testid="case-attachment-file"]', { hasText: '补充材料.pdf' }).waitFor()
    assert.match(await page.getByTestId('case-timeline').textContent(), /补充附件/)
    assert.equal(await page.locator('[data-testid="case-attachments"] img').count(), 1, 'the clerk\'s photo stays')
    await page.screenshot({ path: `${SHOTS}/lianchuang-lifecycle-assigned-375.png`, fullPage: true })
    await context.close()
  })

  test('the leader replies with an outcome and prints the letter with its QR link', async () => {
    const { context, page } = await phone()
    await signIn(page, server.baseURL, user('t01_leader'))
    await page.goto(`/cases/${caseId}`)
    await page.getByTestId('action-REPLY').waitFor()
    // Without an outcome the reply is not sent.
    await page.getByTestId('action-REPLY').click()
    const form = page.locator('[data-testid="action-form"][data-action="REPLY"]')
    await form.getByTestId('action-note').locator('textarea').fill('护栏已于本周修复，经现场核实通行安全。')
    await form.getByTestId('action-submit').click()
    await form.locator('.van-field__error-message', { hasText: '此项必填' }).waitFor()
    await form.locator('[data-testid="outcome"] [data-value="SUPPORTED"]').click()
    await form.getByTestId('action-submit').click()
    await form.waitFor({ state: 'hidden' })
    await page.getByTestId('case-outcome').filter({ hasText: '支持' }).waitFor()
    const href = await page.getByTestId('reply-letter').getAttribute('href')
    assert.equal(href, `/letters/reply/${caseId}`)
    const letter = await page.request.get(href)
    assert.equal(letter.status(), 200)
    const match = (await letter.text()).match(/\/public\/rate\/([A-Za-z0-9_-]+)/)
    assert.ok(match, 'the letter carries the rating link')
    token = match[1]
    await context.close()
  })

  test('the petitioner rates 不满意 through the QR link, which then stops working', async () => {
    assert.ok(token, 'replied first')
    const { context, page } = await phone()
    await page.goto(`/public/rate/${token}`)
    await page.getByTestId('rating-form').waitFor()
    assert.equal(await page.getByTestId('public-case-title').textContent(), title)
    assert.match(await page.getByTestId('public-documents').textContent(), /处理意见书/)
    await page.getByTestId('rate-DISSATISFIED').click()
    await page.getByTestId('rate-comment').locator('textarea').fill('护栏只是临时绑扎')
    await page.getByTestId('rate-submit').click()
    await page.getByTestId('rate-done').waitFor()
    assert.match(await page.getByTestId('rate-review-info').textContent(), /复查/)
    await page.screenshot({ path: `${SHOTS}/lianchuang-rate-link-375.png`, fullPage: true })

    await page.reload()
    await page.getByTestId('rate-link-invalid').waitFor()
    assert.match(await page.getByTestId('rate-link-invalid').textContent(), /已使用或已过期/)
    await context.close()
  })

  test('the county officer finds the case under 不满意待回访 and follows up', async () => {
    const { context, page } = await phone()
    await signIn(page, server.baseURL, user('xfj_officer'))
    const tile = page.getByTestId('inbox-FLAGGED')
    await tile.getByTestId('inbox-count').filter({ hasText: /[1-9]/ }).waitFor()
    await page.screenshot({ path: `${SHOTS}/lianchuang-inbox-375.png` })
    await tile.click()
    await page.locator(`[data-testid="inbox-case"][data-case-id="${caseId}"]`).waitFor()

    await page.goto('/cases?flagged=1')
    await page.locator(`[data-testid="case-row"][data-case-id="${caseId}"]`).waitFor()
    assert.equal(await page.getByTestId('filter-flagged-1').getAttribute('aria-pressed'), 'true')

    await page.goto(`/cases/${caseId}`)
    await page.getByTestId('case-flagged').waitFor()
    await act(page, 'FOLLOW_UP', (form) => form.getByTestId('action-note').locator('textarea').fill('电话回访，已安排永久护栏'))
    await page.getByTestId('case-flagged').waitFor({ state: 'detached' })
    await context.close()
  })

  test('the petitioner asks the level above for a review on the tracking page', async () => {
    assert.ok(queryCode, 'registered first')
    const { context, page } = await phone()
    await page.goto('/public/track')
    await page.getByTestId('track-code').locator('input').fill(queryCode)
    await page.getByTestId('track-last4').locator('input').fill('5678')
    await page.getByTestId('track-submit').click()
    await page.getByTestId('public-case').waitFor()
    assert.match(await page.getByTestId('rated').textContent(), /不满意/)
    const right = page.getByTestId('review-right')
    // The township answered: 复查 is the county's, named on the page.
    assert.match(await right.textContent(), /\d{4}\/\d{2}\/\d{2}.*前向枞溪县申请复查/)
    await right.getByTestId('review-open').click()
    await right.getByTestId('review-reason').locator('textarea').fill('护栏只是临时绑扎，仍有安全隐患')
    await right.getByTestId('review-submit').click()
    await right.getByTestId('review-requested').waitFor()
    assert.equal(await page.getByTestId('public-case').getAttribute('data-status'), 'UNDER_REVIEW')
    await context.close()
  })

  test('the county decides the review as 维持, and the petitioner reads it on the tracking page', async () => {
    assert.ok(queryCode, 'review requested first')
    const { context, page } = await phone()
    await signIn(page, server.baseURL, user('xfj_officer'))
    await page.goto(`/cases/${caseId}`)
    await page.getByTestId('action-DECIDE_REVIEW').click()
    const form = page.locator('[data-testid="action-form"][data-action="DECIDE_REVIEW"]')
    await form.getByTestId('action-note').locator('textarea').fill('经复查，护栏已按标准修复，原处理意见认定事实清楚。')
    // Without a result the opinion is not sent; the outcome part follows the result chosen.
    await form.getByTestId('action-submit').click()
    await form.locator('.van-field__error-message', { hasText: '请选择维持、变更或撤销' }).waitFor()
    assert.equal(await form.getByTestId('outcome').count(), 0)
    await form.locator('[data-testid="review-result"] [data-value="CHANGED"]').click()
    await form.getByTestId('outcome').waitFor()
    await form.locator('[data-testid="review-result"] [data-value="UPHELD"]').click()
    await form.getByTestId('outcome').waitFor({ state: 'detached' })
    assert.equal(await form.getByTestId('review-kept-outcome').locator('input').inputValue(), '支持（维持不变）')
    assert.match(await form.getByTestId('review-result').textContent(), /维持原处理意见.*变更原处理意见.*撤销原处理意见/)
    await page.screenshot({ path: `${SHOTS}/lianchuang-review-decision-375.png` })
    await form.getByTestId('action-submit').click()
    await form.waitFor({ state: 'hidden' })
    const result = page.getByTestId('case-review-result')
    await result.waitFor()
    assert.equal(await result.getAttribute('data-result'), 'UPHELD')
    assert.match(await result.textContent(), /复查结论.*维持原处理意见/)
    assert.match(await page.getByTestId('case-outcome').textContent(), /支持/)
    assert.match(await page.getByTestId('case-timeline').textContent(), /【维持原处理意见（支持）】经复查/)
    // Each round keeps its own rating: the answer's 不满意 stays after the 复查 opinion opens round 2.
    const rounds = page.getByTestId('case-rating-round')
    assert.equal(await rounds.count(), 2)
    assert.match(await rounds.nth(0).textContent(), /对答复的评价.*不满意/s)
    assert.match(await rounds.nth(1).textContent(), /对复查意见的评价.*未评价/s)
    await page.screenshot({ path: `${SHOTS}/lianchuang-review-decided-375.png`, fullPage: true })
    await context.close()

    const citizen = await phone()
    await citizen.page.goto('/public/track')
    await citizen.page.getByTestId('track-code').locator('input').fill(queryCode)
    await citizen.page.getByTestId('track-last4').locator('input').fill('5678')
    await citizen.page.getByTestId('track-submit').click()
    const review = citizen.page.locator('[data-testid="public-documents"] [data-kind="REVIEW"]')
    await review.waitFor()
    assert.equal((await review.getByTestId('public-review-result').textContent()).trim(), '维持原处理意见')
    assert.match(await review.textContent(), /复查意见书.*维持原处理意见.*原处理意见认定事实清楚/s)
    assert.equal(await citizen.page.getByTestId('public-case').getAttribute('data-status'), 'REPLIED')
    await citizen.page.screenshot({ path: `${SHOTS}/lianchuang-review-tracked-375.png`, fullPage: true })
    await citizen.context.close()
  })

  test('the petitioner asks for 复核 by the city; the county records the city’s opinion; the matter is concluded', async () => {
    assert.ok(queryCode, 'review decided first')
    // Seed 003: "…可申请市人民政府复核…三级终结". The city is outside the county's system: the request is
    // still made here, and the county bureau records the opinion it receives.
    const citizen = await browser.newContext({ ...PHONE_390, baseURL: server.baseURL })
    const page = await citizen.newPage()
    const track = async () => {
      await page.goto('/public/track')
      await page.getByTestId('track-code').locator('input').fill(queryCode)
      await page.getByTestId('track-last4').locator('input').fill('5678')
      await page.getByTestId('track-submit').click()
      await page.getByTestId('public-case').waitFor()
    }
    await track()
    await page.getByTestId('rating-form').waitFor()
    await page.locator('[data-testid="rating-form"] [data-testid="rate-DISSATISFIED"]').click()
    await page.locator('[data-testid="rating-form"] [data-testid="rate-submit"]').click()
    const right = page.getByTestId('review-right')
    await right.waitFor()
    assert.match(await right.getByTestId('review-right-text').textContent(), /复查意见不服.*前向青川市申请复核/)
    await right.getByTestId('review-open').click()
    await right.getByTestId('review-reason').locator('textarea').fill('复查未到现场核实，申请复核')
    await shot(page, 'lianchuang-rereview-ask-390')
    await right.getByTestId('review-submit').click()
    await right.getByTestId('review-requested').waitFor()
    assert.match(await right.getByTestId('review-requested').textContent(), /复核申请已提交/)
    assert.equal(await page.getByTestId('public-case').getAttribute('data-status'), 'UNDER_REREVIEW')
    assert.match(await page.getByTestId('public-under-review').textContent(), /青川市正在复核/)

    // The county officer records the city's opinion: who signed it and the scan are required.
    const officer = await browser.newContext({ ...PHONE_390, baseURL: server.baseURL })
    const desk = await officer.newPage()
    await signIn(desk, server.baseURL, user('xfj_officer'))
    await desk.goto(`/cases/${caseId}`)
    const body = await desk.getByTestId('case-review-body').textContent()
    assert.ok(body.includes('复核机关') && body.includes('青川市') && body.includes('县外机关'), body)
    await desk.getByTestId('action-DECIDE_REREVIEW').click()
    const form = desk.locator('[data-testid="action-form"][data-action="DECIDE_REREVIEW"]')
    await form.waitFor()
    assert.match(await form.getByTestId('review-outside').textContent(), /复核由青川市办理/)
    await form.locator('[data-testid="review-result"] [data-value="UPHELD"]').click()
    await form.getByTestId('action-note').locator('textarea').fill('经复核，维持复查意见。')
    await form.getByTestId('action-submit').click()
    await form.locator('.van-field__error-message', { hasText: '请填写作出意见的机关及签发人' }).waitFor()
    await form.locator('.van-field__error-message', { hasText: '请上传收到的意见书扫描件' }).waitFor()
    await form.getByTestId('review-decided-by').locator('input').fill('青川市信访局 王建国')
    await form.locator('[data-testid="review-scan-upload"] input[type="file"]').setInputFiles({
      name: '复核意见书.png', mimeType: 'image/png', buffer: PNG,
    })
    await form.locator('[data-testid="review-scan-upload"] .van-uploader__preview').waitFor()
    await shot(desk, 'lianchuang-rereview-record-390')
    await form.getByTestId('action-submit').click()
    await form.waitFor({ state: 'hidden' })
    await desk.getByTestId('case-concluded').waitFor()
    assert.match(await desk.getByTestId('case-rereview-result').textContent(), /签发：青川市信访局 王建国/)
    await shot(desk, 'lianchuang-rereview-recorded-390')
    await officer.close()

    // Later, the petitioner sees the matter concluded, the city's opinion, and no further review.
    await track()
    assert.equal(await page.getByTestId('public-case').getAttribute('data-status'), 'CONCLUDED')
    assert.match(await page.getByTestId('public-concluded').textContent(), /复核终结（三级终结）/)
    const opinion = page.locator('[data-testid="public-documents"] [data-kind="REREVIEW"]')
    assert.match(await opinion.getByTestId('public-issued-by').textContent(), /青川市（青川市信访局 王建国）/)
    assert.equal(await page.getByTestId('review-right').count(), 0)
    await shot(page, 'lianchuang-rereview-concluded-390')
    await citizen.close()
  })

  test('the officer’s inbox grid counts a new case live, without a reload', async () => {
    const { context, page } = await phone()
    await signIn(page, server.baseURL, user('t01_officer'))
    const grid = page.getByTestId('inbox-grid')
    await page.locator('[data-testid="inbox-grid"][data-live="true"]').waitFor()
    const count = () => grid.getByTestId('inbox-TO_ACCEPT').getByTestId('inbox-count').textContent()
    const before = Number(await count())
    let reloads = 0
    page.on('framenavigated', () => reloads++)

    // A clerk of the township registers a case from another device.
    const clerk = await browser.newContext({ baseURL: server.baseURL })
    const gql = async (query) => (await (await clerk.request.post('/graphql', { data: { query } })).json()).data
    await gql(`mutation { login(username: "t01v02", password: "${user('t01v02').password}") { user { id } } }`)
    const unitId = (await gql('{ me { unit { id } } }')).me.unit.id
    const registered = await gql(`mutation { registerCase(input: { unitId: "${unitId}", channel: VISIT, title: "实时待办测试",
      content: "村民反映水渠堵塞", petitioners: [{ name: "王林", phone: "13800001111" }] }) { case { id } userErrors { message } } }`)
    assert.ok(registered.registerCase.case, 'registered')

    await page.waitForFunction(
      (n) => document.querySelector('[data-testid="inbox-TO_ACCEPT"] [data-testid="inbox-count"]')?.textContent === String(n),
      before + 1,
    )
    assert.equal(reloads, 0)
    await clerk.close()
    await context.close()
  })

  test('the ledger export downloads for the county and is not offered to a village clerk', async () => {
    const county = await phone()
    await signIn(county.page, server.baseURL, user('xfj_officer'))
    await county.page.goto('/cases?flagged=1')
    await county.page.getByTestId('export-ledger').waitFor()
    const [download] = await Promise.all([county.page.waitForEvent('download'), county.page.getByTestId('export-ledger').click()])
    assert.equal(download.suggestedFilename(), '信访事项台账.xlsx')
    await county.context.close()

    const village = await phone()
    await signIn(village.page, server.baseURL, user('t01v01'))
    const answered = village.page.waitForResponse(
      // A response of the page being left has no body any more: not the one awaited.
      async (r) => r.url().includes('/graphql') && (await r.text().catch(() => '')).includes('"viewerCan":{"exportCases":false}'),
    )
    await village.page.goto('/cases')
    await answered
    await village.page.getByTestId('case-row').first().waitFor()
    await village.page.getByTestId('lifecycle-filters').waitFor()
    assert.equal(await village.page.getByTestId('export-ledger').count(), 0)
    await village.context.close()
  })
})
