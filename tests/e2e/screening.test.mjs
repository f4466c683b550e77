// End-to-end: a village clerk with no signal fills in a screening report and a case; both wait on
// the phone (IndexedDB) through a reload and reach the server exactly once when the signal returns.
// Also: a dispute's photo kept offline and sent with it; a draft report edited (a conflict shown with
// both versions, an offline edit's conflict shown when it comes back); a meeting whose decision
// shows in its owner's tasks.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { PHONE, PHONE_390, launchBrowser, signIn, startServer } from './harness.js'

const SHOTS = process.env.E2E_SCREENSHOTS || '/tmp'
// A 1×1 PNG: the upload is type-sniffed by the server.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
)

describe('screening offline', () => {
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

  const user = (name) => {
    const found = server.users.find((u) => u.username === name)
    assert.ok(found, `demo account ${name}`)
    return found
  }

  async function phone(account) {
    const context = await browser.newContext({ ...PHONE, baseURL: server.baseURL })
    const page = await context.newPage()
    await signIn(page, server.baseURL, account)
    // The service worker controls the page, so the app opens without a network.
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
    const body = await response.json()
    assert.equal(body.errors, undefined, JSON.stringify(body.errors))
    return body.data
  }

  async function fillCase(page, title) {
    await page.getByTestId('register-form').waitFor()
    await page.getByTestId('register-channel').click()
    await page.locator('.van-action-sheet__item', { hasText: '来访' }).click()
    await page.getByTestId('register-title').locator('input').fill(title)
    await page.getByTestId('register-content').locator('textarea').fill('村民反映土地流转租金被拖欠，请求协调。')
    await page.getByTestId('petitioner-0-name').locator('input').fill('王建国')
    await page.getByTestId('petitioner-0-phone').locator('input').fill('13812345678')
  }

  test('offline report and case survive a reload and are sent exactly once when back online', async () => {
    const clerk = user('t01v01')
    const { context, page } = await phone(clerk)
    const stamp = Date.now().toString(36)
    const disputeTitle = `土地流转租金纠纷 ${stamp}`
    const caseTitle = `拖欠土地租金 ${stamp}`

    // The home screen reminds the clerk that this week's report is due.
    await page.getByTestId('reminder-due').waitFor()
    await page.getByTestId('open-screening').click()
    await page.getByTestId('own-state').filter({ hasText: '待报' }).waitFor()

    await context.setOffline(true)
    await page.getByTestId('fill-report').first().click()
    await page.getByTestId('report-form').waitFor()
    await page.getByTestId('dispute-0-title').locator('input').fill(disputeTitle)
    await page.getByTestId('dispute-0-cause').locator('textarea').fill('流转大户拖欠 12 户农户租金')
    await page.getByTestId('report-submit').click()
    await page.waitForURL('**/screening')
    const reportItem = page.getByTestId('outbox-item-report')
    await reportItem.waitFor()
    assert.equal(await reportItem.getAttribute('data-state'), 'waiting')

    await page.goto('/cases/new') // still offline: the service worker serves the app
    await fillCase(page, caseTitle)
    await page.getByTestId('register-submit').click()
    // Shown in place: kept on the phone, with the outbox.
    await page.getByTestId('register-saved').waitFor()
    await page.getByTestId('outbox-item-case').waitFor()
    await page.goto('/screening')
    await page.getByTestId('outbox-item-case').waitFor()

    // Closing or reloading the page loses nothing.
    await page.reload()
    await page.getByTestId('outbox').waitFor()
    assert.equal(await page.getByTestId('outbox-item-report').count(), 1)
    assert.equal(await page.getByTestId('outbox-item-case').count(), 1)
    assert.match(await page.getByTestId('outbox').textContent(), new RegExp(caseTitle))
    await page.screenshot({ path: `${SHOTS}/lianchuang-outbox-375.png`, fullPage: true })

    // The signal returns: both are sent and leave the outbox.
    await context.setOffline(false)
    await page.getByTestId('outbox').waitFor({ state: 'detached', timeout: 40_000 })

    const cases = await api(page, 'query($s:String){ cases(filter:{search:$s}){ totalCount edges { node { title } } } }', {
      s: caseTitle,
    })
    assert.equal(cases.cases.totalCount, 1)
    const reports = await api(page, '{ screeningReports { status unit { path } disputes { title } } }')
    const ours = reports.screeningReports.filter((r) => r.disputes.some((d) => d.title === disputeTitle))
    assert.equal(ours.length, 1)
    assert.equal(ours[0].status, 'SUBMITTED')
    assert.equal(ours[0].unit.path, clerk.unitPath)
    const status = await api(page, '{ screeningStatus { currentState } }')
    assert.equal(status.screeningStatus[0].currentState, 'SUBMITTED')

    // And the home reminder no longer asks for this week's report.
    await page.goto('/')
    await page.getByTestId('open-screening').waitFor()
    assert.equal(await page.getByTestId('reminder-due').filter({ hasText: '待报送' }).count(), 0)
    await context.close()
  })

  test('a case whose answer was lost is retried with the same key and registered once', async () => {
    const clerk = user('t01v02')
    const { context, page } = await phone(clerk)
    const caseTitle = `村道积水 ${Date.now().toString(36)}`
    let dropped = 0
    // The first registration reaches the server but its answer never reaches the phone.
    await page.route('**/graphql', async (route) => {
      const body = route.request().postData() ?? ''
      if (dropped === 0 && body.includes('RegisterCase')) {
        dropped += 1
        await route.fetch()
        await route.abort('connectionreset')
        return
      }
      await route.continue()
    })
    await page.goto('/cases/new')
    await fillCase(page, caseTitle)
    await page.getByTestId('register-submit').click()
    // The immediate retry (same idempotency key) got the case: its page opens, nothing left waiting.
    await page.getByTestId('case-detail').waitFor()
    assert.equal(dropped, 1)
    const cases = await api(page, 'query($s:String){ cases(filter:{search:$s}){ totalCount } }', { s: caseTitle })
    assert.equal(cases.cases.totalCount, 1)
    await context.close()
  })

  test('a report filed offline for a period the township filed meanwhile is shown as a conflict', async () => {
    const clerk = user('t01v03') // the demo leaves this village's current week due
    const { context, page } = await phone(clerk)
    await context.setOffline(true)
    await page.goto('/screening/report')
    await page.getByTestId('report-form').waitFor()
    await page.getByTestId('report-zero').locator('.van-switch').click()
    await page.getByTestId('report-submit').click()
    await page.waitForURL('**/screening')
    await page.getByTestId('outbox-item-report').waitFor()

    // Meanwhile the township files this village's report for the same week.
    const township = await phone(user('t01_officer'))
    const units = await api(township.page, '{ screeningStatus(children: true) { unit { id path } } }')
    const village = units.screeningStatus.find((r) => r.unit.path === clerk.unitPath)
    const filed = await api(
      township.page,
      'mutation($input: SaveScreeningReportInput!){ saveScreeningReport(input:$input){ report { id } userErrors { code } } }',
      { input: { unitId: village.unit.id, zeroReport: true, submit: true } },
    )
    assert.deepEqual(filed.saveScreeningReport.userErrors, [])
    await township.context.close()

    // Back online: the clerk's report is not silently dropped or merged — the conflict is shown.
    await context.setOffline(false)
    await page.locator('[data-testid="outbox-item-report"][data-state="conflict"]').waitFor({ timeout: 40_000 })
    assert.match(await page.getByTestId('outbox').textContent(), /已经存在/)
    await context.close()
  })

  test('the township sees the reporting grid of its villages', async () => {
    const { context, page } = await phone(user('t01_officer'))
    await page.goto('/screening')
    await page.getByTestId('grid').waitFor()
    const cells = page.locator('[data-testid^="grid-/"]')
    assert.equal(await cells.count(), 7)
    const states = await cells.evaluateAll((els) => els.map((e) => e.getAttribute('data-state')))
    assert.ok(states.includes('SUBMITTED') && states.includes('DUE'), states.join(','))
    await page.screenshot({ path: `${SHOTS}/lianchuang-screening-grid-375.png`, fullPage: true })
    await context.close()
  })

  // Runs after the grid test: it files the last village report the demo leaves due.
  test('a dispute from a report is turned into a case from the ledger, keeping the link', async () => {
    const clerk = user('t01v06')
    const { context, page } = await phone(clerk)
    const title = `邻里排水纠纷 ${Date.now().toString(36)}`
    const own = await api(page, '{ screeningStatus { unit { id } } }')
    const filed = await api(
      page,
      'mutation($input: SaveScreeningReportInput!){ saveScreeningReport(input:$input){ report { id } userErrors { code message } } }',
      { input: { unitId: own.screeningStatus[0].unit.id, submit: true, disputes: [{ title, cause: '雨水直排邻户院内', peopleInvolved: 2 }] } },
    )
    assert.deepEqual(filed.saveScreeningReport.userErrors, [])

    await page.goto('/screening/disputes')
    const card = page.getByTestId('dispute-card').filter({ hasText: title })
    await card.waitFor()
    await card.getByTestId('to-case').click()
    await page.getByLabel('姓名').fill('赵德胜')
    await page.getByLabel('联系电话').fill('13900001111')
    await page.locator('.sheet').getByRole('button', { name: '上报' }).click()
    await card.getByTestId('dispute-case').waitFor()
    assert.equal(await card.getAttribute('data-status'), 'CASE')
    await card.getByTestId('dispute-case').click()
    await page.getByTestId('case-detail').waitFor()
    assert.equal(await page.getByTestId('case-title').textContent(), title)
    await context.close()
  })

  async function pick(page, testid, search) {
    await page.getByTestId(`${testid}-open`).click()
    const sheet = page.getByTestId(`${testid}-sheet`)
    await sheet.waitFor()
    if (search) await page.getByTestId(`${testid}-search`).locator('input').fill(search)
    const option = search
      ? page.getByTestId(`${testid}-option`).filter({ hasText: search })
      : page.getByTestId(`${testid}-option`)
    await option.first().waitFor()
    const label = (await option.first().locator('.option-label').textContent()).trim()
    await option.first().click()
    return label
  }

  test('a township officer minutes a meeting; its decision shows in the owner’s tasks and is marked done', async () => {
    const officer = await phone(user('t01_officer'))
    const page = officer.page
    const content = `三日内回访当事人并报告结果 ${Date.now().toString(36)}`
    await page.goto('/screening')
    await page.getByTestId('open-meetings').click()
    await page.getByTestId('record-meeting').click()
    await page.getByTestId('meeting-form').waitFor()
    await page.getByTestId('meeting-kind').getByText('研判会').click()
    // Attendees are picked by searching the officials of the township and its villages.
    await pick(page, 'meeting-attendees', 't01_leader')
    await page.getByTestId('meeting-attendees-search').locator('input').fill('t01v05')
    await page.getByTestId('meeting-attendees-option').filter({ hasText: 't01v05' }).click()
    await page.getByTestId('meeting-attendees-done').click()
    assert.equal(await page.getByTestId('meeting-attendees-chosen').count(), 2)
    await page.getByTestId('meeting-others').locator('textarea').fill('派出所副所长\n司法所所长')
    const caseTitle = await pick(page, 'meeting-cases')
    await page.getByTestId('meeting-cases-done').click()
    const disputeTitle = await pick(page, 'meeting-disputes')
    await page.getByTestId('meeting-disputes-done').click()
    await page.getByTestId('meeting-summary').locator('textarea').fill('逐件研究本期重点矛盾纠纷。')

    // Saving with a decision that has no owner is stopped on the phone, nothing lost.
    await page.getByTestId('add-decision').click()
    await page.getByTestId('decision-0-content').locator('textarea').fill(content)
    await page.getByTestId('meeting-submit').click()
    await page.getByTestId('meeting-error').waitFor()
    assert.match(await page.getByTestId('decision-0').textContent(), /请选择责任人/)
    await pick(page, 'decision-0-owner', 't01v05')
    await page.getByTestId('decision-0-due').click()
    await page.locator('.van-picker__confirm:visible').click()
    await page.getByTestId('meeting-submit').click()
    await page.waitForURL('**/screening/meetings')
    const card = page.getByTestId('meeting-card').filter({ hasText: content })
    await card.waitFor()
    const text = await card.textContent()
    for (const part of ['研判会', '派出所副所长', caseTitle, disputeTitle]) assert.ok(text.includes(part), part)
    assert.equal(await card.getByTestId('meeting-decision').getAttribute('data-state'), 'open')
    await page.screenshot({ path: `${SHOTS}/lianchuang-meetings-375.png`, fullPage: true })
    await officer.context.close()

    // The owner, a village clerk, is reminded on the home screen and marks it done.
    const owner = await phone(user('t01v05'))
    await owner.page.getByTestId('reminder-decisions').click()
    const task = owner.page.getByTestId('decision').filter({ hasText: content })
    await task.waitFor()
    await task.getByTestId('decision-done').click()
    await owner.page.getByTestId('decision-done-note').locator('textarea').fill('已回访，当事人表示满意')
    await owner.page.getByTestId('decision-done-confirm').click()
    await task.waitFor({ state: 'detached' })
    const mine = await api(owner.page, '{ myMeetingDecisions(open: false) { content done doneNote } }')
    assert.deepEqual(
      mine.myMeetingDecisions.filter((d) => d.content === content),
      [{ content, done: true, doneNote: '已回访，当事人表示满意' }],
    )
    await owner.context.close()
  })

  test('a village clerk edits a draft report; conflicts show both versions, online and after an offline edit', async () => {
    const clerk = user('t02v01') // the demo files nothing for township 002's villages
    const { context, page } = await phone(clerk)
    const stamp = Date.now().toString(36)
    await page.goto('/screening/report')
    await page.getByTestId('report-form').waitFor()
    await page.getByTestId('dispute-0-title').locator('input').fill(`宅基地纠纷 ${stamp}`)
    await page.getByTestId('dispute-0-cause').locator('textarea').fill('两户翻建房屋界址不清')
    await page.getByTestId('report-save-draft').click()
    await page.waitForURL(/\/screening\/reports\/[^/]+$/)
    const reportId = decodeURIComponent(page.url().split('/').pop())

    // The draft is listed on the screening page and opens from there.
    await page.goto('/screening')
    await page.locator('[data-testid="own-report"][data-status="DRAFT"]').first().click()
    await page.getByTestId('report-edit-form').waitFor()
    assert.equal(await page.getByTestId('report-version').locator('.van-cell__value').textContent(), '1')
    await page.getByTestId('dispute-0-title').locator('input').fill(`宅基地界址纠纷 ${stamp}`)
    await page.getByTestId('add-dispute').click()
    await page.getByTestId('dispute-1-title').locator('input').fill(`赡养纠纷 ${stamp}`)
    await page.getByTestId('dispute-1-cause').locator('textarea').fill('子女对赡养费分担有分歧')
    await page.getByTestId('report-save').click()
    await page.getByTestId('report-version').locator('.van-cell__value').filter({ hasText: '2' }).waitFor()

    // With no signal the clerk changes the note; the edit waits on the phone.
    await context.setOffline(true)
    await page.getByTestId('report-note').locator('textarea').fill('离线补充：已约谈双方')
    await page.getByTestId('report-save').click()
    await page.waitForURL('**/screening')
    const item = page.getByTestId('outbox-item-report-edit')
    await item.waitFor()
    assert.equal(await item.getAttribute('data-state'), 'waiting')

    // Meanwhile the township saves the same draft.
    const township = await phone(user('t02_officer'))
    const edited = await api(
      township.page,
      'mutation($input: SaveScreeningReportInput!){ saveScreeningReport(input:$input){ report { version } userErrors { code } } }',
      { input: { id: reportId, expectedVersion: 2, note: '镇综治中心补充：已列入研判' } },
    )
    assert.deepEqual(edited.saveScreeningReport, { report: { version: 3 }, userErrors: [] })
    await township.context.close()

    // Back online: the waiting edit is not applied over the township's; the conflict is shown.
    await context.setOffline(false)
    await page.locator('[data-testid="outbox-item-report-edit"][data-state="conflict"]').waitFor({ timeout: 40_000 })
    await page.getByTestId('outbox-open').click()
    await page.getByTestId('report-conflict').waitFor()
    assert.match(await page.getByTestId('version-mine').textContent(), /离线补充：已约谈双方/)
    assert.match(await page.getByTestId('version-theirs').textContent(), /镇综治中心补充：已列入研判/)
    assert.match(await page.getByTestId('version-theirs').textContent(), /第 3 版/)
    // Nothing typed is lost: the form still holds the clerk's text.
    assert.equal(await page.getByTestId('report-note').locator('textarea').inputValue(), '离线补充：已约谈双方')
    await page.screenshot({ path: `${SHOTS}/lianchuang-report-conflict-375.png`, fullPage: true })
    await page.getByTestId('keep-mine').click()
    await page.getByTestId('report-conflict').waitFor({ state: 'detached' })
    await page.getByTestId('report-submit').click()
    await page.waitForURL('**/screening')
    await page.getByTestId('outbox').waitFor({ state: 'detached' })

    const saved = await api(page, 'query($id: ID!){ screeningReport(id: $id){ status version note disputes { title } } }', { id: reportId })
    assert.deepEqual(saved.screeningReport, {
      status: 'SUBMITTED',
      version: 4,
      note: '离线补充：已约谈双方',
      disputes: [{ title: `宅基地界址纠纷 ${stamp}` }, { title: `赡养纠纷 ${stamp}` }],
    })
    await context.close()
  })

  test('a dispute with a photo filled in offline reaches the server once, with its photo', async () => {
    const clerk = user('t02v02')
    const { context, page } = await phone(clerk)
    const title = `占道经营纠纷 ${Date.now().toString(36)}`
    await context.setOffline(true)
    await page.goto('/screening/report')
    await page.getByTestId('report-form').waitFor()
    await page.getByTestId('dispute-0-title').locator('input').fill(title)
    await page.getByTestId('dispute-0-cause').locator('textarea').fill('商户占用村道摆摊，村民通行受阻')
    // No signal: the photo is kept on the phone, not uploaded.
    await page.getByTestId('dispute-0-photos-offline').waitFor()
    await page.getByTestId('dispute-0-photos-keep').locator('input[type=file]').setInputFiles({
      name: '现场.png',
      mimeType: 'image/png',
      buffer: PNG,
    })
    await page.getByTestId('photo-pending').waitFor()
    await page.getByTestId('report-submit').click()
    await page.waitForURL('**/screening')
    const item = page.getByTestId('outbox-item-report')
    await item.waitFor()
    assert.match(await item.textContent(), /1 张照片/)

    await page.reload()
    await page.getByTestId('outbox-item-report').waitFor()
    await context.setOffline(false)
    await page.getByTestId('outbox').waitFor({ state: 'detached', timeout: 40_000 })

    const reports = await api(page, '{ screeningReports { status disputes { title attachments { filename contentType url } } } }')
    const found = reports.screeningReports.flatMap((r) => r.disputes.filter((d) => d.title === title).map((d) => ({ ...d, status: r.status })))
    assert.equal(found.length, 1)
    assert.equal(found[0].status, 'SUBMITTED')
    assert.deepEqual(found[0].attachments.map((a) => [a.filename, a.contentType]), [['现场.png', 'image/png']])
    const file = await page.request.get(found[0].attachments[0].url)
    assert.equal(file.status(), 200)
    assert.deepEqual(Buffer.from(await file.body()), PNG)

    // The ledger shows the photo as a thumbnail that opens the file.
    await page.goto('/screening/disputes')
    const card = page.getByTestId('dispute-card').filter({ hasText: title })
    await card.waitFor()
    const thumb = card.getByTestId('photo-thumb')
    await thumb.waitFor()
    await page.waitForFunction((el) => el.complete && el.naturalWidth > 0, await thumb.elementHandle())
    assert.equal(await card.getByTestId('photo-link').getAttribute('href'), found[0].attachments[0].url)
    await context.close()
  })

  test('the county records an incident, the village contests it and the county decides', async () => {
    const village = user('t01v04')
    const county = await phone(user('xfj_officer'))
    await county.page.goto('/screening/incidents')
    await county.page.getByTestId('record-incident').click()
    const form = county.page.getByTestId('incident-form')
    await form.waitFor()
    await form.getByTestId('incident-unit').click() // the shared unit cascade
    const picker = county.page.getByTestId('incident-unit-popup')
    await picker.getByTestId('incident-unit-drill').first().click() // the county → its townships
    await picker.getByTestId('incident-unit-option').nth(1).waitFor()
    await picker.getByTestId('incident-unit-drill').first().click() // the first township → its villages
    await picker.getByTestId('incident-unit-option').filter({ hasText: '李家湾村' }).click()
    await form.getByTestId('incident-kind').selectOption('COLLECTIVE_TO_COUNTY')
    await form.getByTestId('incident-headcount').locator('input').fill('8')
    await form.getByTestId('incident-save').click()
    const row = county.page.getByTestId('incident').filter({ hasText: '李家湾村 · 到县集体访' }).first()
    await row.waitFor()
    assert.equal(await row.getByTestId('incident-status').textContent(), '已认定')
    await county.context.close()

    const clerk = await phone(village)
    await clerk.page.goto('/screening/incidents')
    const own = clerk.page.getByTestId('incident').filter({ hasText: '8 人' }).first()
    await own.getByTestId('contest').click()
    await clerk.page.getByTestId('incident-text').locator('textarea').fill('来访群众均为邻村村民')
    await clerk.page.locator('.sheet').getByRole('button', { name: '提出异议' }).click()
    await own.getByTestId('incident-status').filter({ hasText: '有异议待决定' }).waitFor()
    await clerk.context.close()

    const leader = await phone(user('xfj_leader'))
    await leader.page.goto('/screening/incidents')
    const contested = leader.page.getByTestId('incident').filter({ hasText: '来访群众均为邻村村民' }).first()
    await contested.getByTestId('decide').click()
    await leader.page.getByTestId('incident-text').locator('textarea').fill('经核实属实，撤销认定')
    await leader.page.locator('.sheet').getByRole('button', { name: '异议成立，撤销认定' }).click()
    await contested.getByTestId('incident-status').filter({ hasText: '已撤销' }).waitFor()
    await leader.context.close()
  })
  // Seed 004: "村（居）每周一次排查调处例会制度". A week without the village's meeting is flagged like a
  // missing report; the village clerk minutes the village's own weekly meeting; the township sees it.
  test('a village clerk sees the weekly meeting due, records it, and the township sees it held', async () => {
    const clerk = user('t01v07')
    const context = await browser.newContext({ ...PHONE_390, baseURL: server.baseURL })
    const page = await context.newPage()
    await signIn(page, server.baseURL, clerk)
    await page.getByTestId('reminder-meeting').waitFor()
    assert.match(await page.getByTestId('reminder-meeting').textContent(), /排查调处例会待召开/)
    await page.goto('/screening')
    const own = page.getByTestId('own-meetings')
    await own.waitFor()
    assert.equal(await own.getByTestId('own-meeting-state').getAttribute('data-state'), 'DUE')
    assert.match(await own.textContent(), /每周/)
    await page.screenshot({ path: `${SHOTS}/lianchuang-meeting-due-390.png`, fullPage: true })

    await own.getByTestId('record-own-meeting').click()
    await page.getByTestId('meeting-form').waitFor()
    await page.getByTestId('meeting-others').locator('textarea').fill('村支书\n调解委员会主任\n网格员')
    await page.getByTestId('meeting-summary').locator('textarea').fill('本周排查邻里纠纷一件，已安排调解。')
    await page.getByTestId('meeting-submit').click()
    await page.waitForURL('**/screening/meetings')
    const card = page.getByTestId('meeting-card').filter({ hasText: '本周排查邻里纠纷一件' })
    await card.waitFor()
    assert.match(await card.textContent(), /排查调处例会/)

    await page.goto('/screening')
    await page.getByTestId('own-meeting-state').and(page.locator('[data-state="HELD"]')).waitFor()
    assert.equal(await page.getByTestId('record-own-meeting').count(), 0)
    await page.screenshot({ path: `${SHOTS}/lianchuang-meeting-held-390.png`, fullPage: true })
    await context.close()

    const township = await browser.newContext({ ...PHONE_390, baseURL: server.baseURL })
    const officer = await township.newPage()
    await signIn(officer, server.baseURL, user('t01_officer'))
    await officer.goto('/screening')
    const villagePath = '/990000/990100/990122/001/007'
    const cell = officer.getByTestId(`grid-meeting-${villagePath}`)
    await cell.waitFor()
    assert.equal(await cell.getAttribute('data-state'), 'HELD')
    const others = await officer.locator('[data-testid^="grid-meeting-/"]').evaluateAll((els) =>
      els.map((e) => e.getAttribute('data-state')),
    )
    assert.ok(others.includes('DUE'), others.join(','))
    await officer.screenshot({ path: `${SHOTS}/lianchuang-meeting-grid-390.png`, fullPage: true })
    await township.close()
  })
})
