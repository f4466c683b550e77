// End-to-end: 属地 roll-up. A village's 进京 escalation, recorded once against the village, makes its
// township fail "三无" (seed 004 乡镇: "没有发生进京赴省越级上访"); the county sees the township fail,
// opens the explanation naming the village, sees what storing the review changes, and cannot
// declare the township to the city.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { PHONE, accounts, launchBrowser, signIn, startServer } from './harness.js'

const gql = ([query, variables]) =>
  fetch('/graphql', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json', 'Accept-Language': 'zh-CN' },
    body: JSON.stringify({ query, variables }),
  }).then((r) => r.json())

const SHOTS = process.env.E2E_SCREENSHOTS
const PHONE_390 = { ...PHONE, viewport: { width: 390, height: 844 } }

describe('属地 roll-up in the annual review', () => {
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

  async function phone() {
    const context = await browser.newContext({ ...PHONE_390, baseURL: server.baseURL })
    return { context, page: await context.newPage() }
  }

  test('the county sees the township fail for its village, opens why, and cannot declare it', async () => {
    const year = new Date().getFullYear()
    // The township applies while it is still 三无.
    const t = await phone()
    await signIn(t.page, server.baseURL, server.users.find((u) => u.username === 't02_officer'))
    const me = (await t.page.evaluate(gql, ['{ me { unit { id name } } }'])).data.me.unit
    const applied = await t.page.evaluate(gql, [
      'mutation($i: ApplyDeclarationInput!) { applyDeclaration(input: $i) { declaration { id } userErrors { message } } }',
      { i: { unitId: me.id, year } },
    ])
    assert.deepEqual(applied.data.applyDeclaration.userErrors, [])
    await t.context.close()

    const { context, page } = await phone()
    await signIn(page, server.baseURL, accounts(server.users, 'county_officer')[0])
    const county = (await page.evaluate(gql, ['{ me { unit { id } } }'])).data.me.unit.id
    const rows = (await page.evaluate(gql, [
      'query($c: ID!, $y: Int!) { annualReview(countyId: $c, year: $y) { rows { unit { id name level parent { name } } sanwu } } }',
      { c: county, y: year },
    ])).data.annualReview.rows
    assert.equal(rows.find((r) => r.unit.name === me.name).sanwu, true, 'the township is 三无 before')
    const village = rows.find((r) => r.unit.level === 'VILLAGE' && r.unit.parent?.name === me.name).unit
    const today = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10)
    const recorded = await page.evaluate(gql, [
      'mutation($i: RecordIncidentInput!) { recordIncident(input: $i) { incident { id } userErrors { message } } }',
      { i: { unitId: village.id, kind: 'BEIJING_ESCALATED', occurredOn: today, headcount: 1, verified: true } },
    ])
    assert.deepEqual(recorded.data.recordIncident.userErrors, [])

    // The review: the township is not 三无 and its explanation names the village.
    await page.goto('/evaluation')
    const row = page.getByTestId('review-row').filter({ hasText: me.name })
    await row.waitFor()
    assert.match(await row.textContent(), /未达三无/)
    await row.click()
    const explanation = page.getByTestId('sanwu-explanation')
    await explanation.waitFor()
    assert.match(await explanation.textContent(), /无进京赴省越级上访/)
    assert.match(await page.getByTestId('sanwu-incident').first().textContent(), /进京越级访/)
    assert.match(await page.getByTestId('sanwu-incident-unit').first().textContent(),
      new RegExp(`认定于下辖单位：${village.name}（1人）`))
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/review-rollup-explanation.png` })
    await page.keyboard.press('Escape')
    await page.goto('/evaluation')

    // Storing the review: first the differences (nothing stored yet), then the stored run.
    await page.getByTestId('review-run').click()
    await page.getByTestId('review-preview').waitFor()
    // The demo county has units nobody assessed: incomplete, stored only with a note.
    await page.getByTestId('review-incomplete').waitFor()
    assert.equal(await page.getByTestId('review-store').isDisabled(), true)
    await page.getByTestId('review-incomplete-note').locator('textarea').fill('部分村组织考评尚未完成，先行存储')
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/review-rollup-preview.png` })
    await page.getByTestId('review-store').click()
    await page.waitForFunction(() => /已保存/.test(document.querySelector('[data-testid="review-meta"]')?.textContent ?? ''))

    // The declaration: refused, naming the rule and the village's incident.
    await page.goto('/declarations')
    const card = page.getByTestId('declaration').filter({ hasText: me.name })
    await card.waitFor()
    await card.getByTestId('declaration-approve').click()
    const alert = page.getByRole('alert')
    await alert.waitFor()
    const message = await alert.textContent()
    assert.match(message, /不能申报/)
    assert.match(message, /无进京赴省越级上访/)
    assert.ok(message.includes(village.name), message)
    assert.match(await card.getByTestId("declaration-status").textContent(), /乡镇已申报/)
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/review-rollup-declare-refused.png`, fullPage: true })
    await context.close()
  })

  test('seed 000\'s year-on-year reduction target shows its progress', async () => {
    // "2023年度目标：全镇进京非正常上访、进京越级上访和到省集访总量下降到50%以上"
    const { context, page } = await phone()
    await signIn(page, server.baseURL, accounts(server.users, 'county_officer')[0])
    const county = (await page.evaluate(gql, ['{ me { unit { id } } }'])).data.me.unit.id
    const set = await page.evaluate(gql, [
      'mutation($i: SetEvaluationSettingsInput!) { setEvaluationSettings(input: $i) { userErrors { message } } }',
      { i: { countyId: county, templateCode: 'SEED_000' } },
    ])
    assert.deepEqual(set.data.setEvaluationSettings.userErrors, [])
    await page.goto('/evaluation')
    const reduction = page.getByTestId('review-reduction')
    await reduction.waitFor()
    const text = await reduction.textContent()
    assert.match(text, /总量下降到50%以上/)
    assert.match(text, /今年 \d+ 人次 \/ 去年 \d+ 人次/)
    assert.match(text, /目标 ≤ 去年的 50%/)
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/review-reduction.png` })
    await context.close()
  })
})
