// End-to-end: a village clerk with no signal fills in a screening report and a case; both wait on
// the phone (IndexedDB) through a reload and reach the server exactly once when the signal returns.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { PHONE, launchBrowser, signIn, startServer } from './harness.js'

const SHOTS = process.env.E2E_SCREENSHOTS || '/tmp'

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
    await page.waitForURL('**/screening')
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
    await page.waitForURL('**/screening')
    assert.equal(dropped, 1)
    // The immediate retry (same idempotency key) got the case: nothing left waiting.
    await page.waitForFunction(() => !document.querySelector('[data-testid="outbox"]'))
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

  test('the county records an incident, the village contests it and the county decides', async () => {
    const village = user('t01v04')
    const county = await phone(user('xfj_officer'))
    await county.page.goto('/screening/incidents')
    await county.page.getByTestId('record-incident').click()
    const form = county.page.getByTestId('incident-form')
    await form.waitFor()
    await form.getByTestId('register-unit').click() // the shared unit cascade
    const picker = county.page.getByTestId('unit-picker')
    await picker.getByTestId('unit-drill').first().click() // the county → its townships
    await picker.getByTestId('unit-option').nth(1).waitFor()
    await picker.getByTestId('unit-drill').first().click() // the first township → its villages
    await picker.getByTestId('unit-option').filter({ hasText: '李家湾村' }).click()
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
})
