// End-to-end: the county administrator opens the tenant settings, goes on to the evaluation
// settings, raises the township collective-petition threshold and changes two weights, sees the
// changes and their effect before saving, saves a new version and finds it in the history with
// their name; on a phone the same screen fits 375 px and shows a bad value next to its input.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { PHONE, launchBrowser, signIn, startServer } from './harness.js'

const DESKTOP = { viewport: { width: 1366, height: 900 } }
const HEADCOUNT = 'es-TOWNSHIP-NO_COLLECTIVE_TO_CITY-headcount'

describe('evaluation settings end to end', () => {
  let server
  let browser
  let admin

  before(async () => {
    server = await startServer()
    browser = await launchBrowser()
    admin = server.users.find((u) => u.username === 'xfj_admin')
    assert.ok(admin, 'the demo has a county administrator')
  })

  after(async () => {
    await browser?.close()
    await server?.stop()
  })

  test('the county administrator changes a threshold and a weight, reviews and saves a version', async () => {
    const context = await browser.newContext({ ...DESKTOP, baseURL: server.baseURL })
    const page = await context.newPage()
    await signIn(page, server.baseURL, admin) // lands on the administration
    await page.getByTestId('admin-go-settings').click()
    await page.getByTestId('settings').waitFor()
    await page.getByTestId('settings-evaluation-link').click()
    await page.getByTestId('evaluation-settings').waitFor()
    assert.equal(new URL(page.url()).pathname, '/admin/settings/evaluation')
    await page.getByTestId('es-current').waitFor()
    assert.match(await page.getByTestId('es-current').textContent(), /0/)
    assert.match(await page.getByTestId('es-change-count').textContent(), /与现行版本相同/)

    // The township criterion "无到市5人（包含5人）以上集体上访": from 5 to 6 people.
    await page.getByTestId('es-tier-TOWNSHIP').click()
    const headcount = page.getByTestId(HEADCOUNT)
    assert.equal(await headcount.inputValue(), '5')
    await headcount.fill('6')
    const criterion = page.getByTestId('es-criterion-TOWNSHIP-NO_COLLECTIVE_TO_CITY')
    await page.waitForFunction(
      () => /无到市6人（包含6人）以上集体上访/.test(document.querySelector('[data-testid="es-criterion-TOWNSHIP-NO_COLLECTIVE_TO_CITY"] h3')?.textContent ?? ''),
    )
    assert.match(await criterion.locator('h3').textContent(), /6人/)

    // One weight alone breaks the sum of 1: the page says so (the server's check of the draft) before anything is saved.
    await page.getByTestId('es-weight-self_assessment').fill('0.20')
    await page.waitForFunction(() => /须为 1/.test(document.querySelector('[data-testid="es-weight-sum"]')?.textContent ?? ''))
    assert.match(await page.getByTestId('es-weight-sum').textContent(), /三项权重之和须为 1（现为 0\.9）/)
    assert.match(await page.getByTestId('es-change-count').textContent(), /有 1 处需要修改/)
    await page.getByTestId('es-weight-public_evaluation').fill('0.40')
    await page.waitForFunction(() => /合计 1(?!\.)/.test(document.querySelector('[data-testid="es-weight-sum"]')?.textContent ?? ''))
    assert.match(await page.getByTestId('es-change-count').textContent(), /3 项修改/)
    assert.doesNotMatch(await page.getByTestId('es-change-count').textContent(), /需要修改/)

    // The review: what changed against version 0, and the effect this year.
    await page.getByTestId('es-review').click()
    await page.getByTestId('es-review-panel').waitFor()
    const changes = await page.getByTestId('es-change').allTextContents()
    assert.equal(changes.length, 3, changes.join('\n'))
    assert.ok(changes.some((c) => /乡镇/.test(c) && /≥ 5\s*→\s*≥ 6/.test(c)), changes.join('\n'))
    assert.ok(changes.some((c) => /自查自评/.test(c) && /0\.30\s*→\s*0\.20/.test(c)), changes.join('\n'))
    assert.ok(changes.some((c) => /群众点评/.test(c) && /0\.30\s*→\s*0\.40/.test(c)), changes.join('\n'))
    await page.getByTestId('es-preview-sanwu').waitFor()
    const effect = await page.getByTestId('es-preview-sanwu').textContent()
    const [, before, after] = /(\d+) → (\d+)/.exec(effect)
    assert.equal(Number(after), Number(before) + 1, effect) // the township with exactly five at the city
    assert.ok((await page.getByTestId('es-effect').count()) > 0)

    await page.getByTestId('es-note').fill('乡镇到市集体访按 6 人起算；自查自评权重下调')
    await page.getByTestId('es-save').click()
    await page.getByTestId('es-saved').waitFor()
    assert.match(await page.getByTestId('es-saved').textContent(), /第 1 版/)

    // The history: version 1 in force, saved by the administrator; version 0 kept.
    const v1 = page.getByTestId('es-version-1')
    await v1.waitFor()
    assert.match(await v1.textContent(), /现行/)
    assert.match(await v1.getByTestId('es-version-meta').textContent(), new RegExp(admin.displayName))
    assert.match(await v1.textContent(), /乡镇到市集体访按 6 人起算/)
    assert.doesNotMatch(await page.getByTestId('es-version-0').textContent(), /现行/)
    assert.match(await page.getByTestId('es-current').textContent(), /第 1 版/)
    assert.match(await page.getByTestId('es-change-count').textContent(), /与现行版本相同/)
    await page.getByTestId('es-version-1-view').click()
    const body = await page.getByTestId('es-version-1-body').textContent()
    assert.match(body, /≥ 5\s*→\s*≥ 6/)
    // The old version can be opened: it still says five people.
    await page.getByTestId('es-version-0-view').click()
    assert.match(await page.getByTestId('es-version-0-body').textContent(), /无到市5人（包含5人）以上集体上访/)

    // The server uses it from now on.
    const status = await page.evaluate(async () => {
      const r = await fetch('/graphql', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ query: '{ tenants { id } }' }),
      }).then((x) => x.json())
      const county = r.data.tenants[0].id
      const v = await fetch('/graphql', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ query: 'query($c: ID!) { evaluationSettingsVersions(countyId: $c) { version current } }', variables: { c: county } }),
      }).then((x) => x.json())
      return v.data.evaluationSettingsVersions
    })
    assert.deepEqual(status, [
      { version: 1, current: true },
      { version: 0, current: false },
    ])
    await context.close()
  })

  test('the county bureau reaches the same settings from the annual review', async () => {
    const officer = server.users.find((u) => u.username === 'xfj_officer')
    const context = await browser.newContext({ ...DESKTOP, baseURL: server.baseURL })
    const page = await context.newPage()
    await signIn(page, server.baseURL, officer)
    await page.goto('/evaluation')
    await page.getByTestId('review-settings').click()
    await page.getByTestId('es-current').waitFor()
    assert.match(await page.getByTestId('es-current').textContent(), /第 1 版/)
    assert.match(await page.getByTestId('es-version-1').textContent(), new RegExp(admin.displayName))
    await context.close()
  })

  test('on a 375 px phone the screen fits and a bad value is shown next to its input', async () => {
    const context = await browser.newContext({ ...PHONE, baseURL: server.baseURL })
    const page = await context.newPage()
    await signIn(page, server.baseURL, admin)
    await page.goto('/admin/settings/evaluation')
    await page.getByTestId('es-current').waitFor()
    const width = await page.evaluate(() => document.documentElement.scrollWidth)
    assert.ok(width <= 375, `page is ${width}px wide`)

    await page.getByTestId('es-tier-TOWNSHIP').click()
    await page.getByTestId(HEADCOUNT).fill('0')
    await page.getByTestId(`${HEADCOUNT}-error`).waitFor()
    assert.match(await page.getByTestId(`${HEADCOUNT}-error`).textContent(), /数值应在 1 到 100000 之间/)
    // The review lists the problem and does not let it be saved.
    await page.getByTestId('es-review').click()
    await page.getByTestId('es-problems').waitFor()
    assert.match(await page.getByTestId('es-problems').textContent(), /乡镇（街道）/)
    assert.equal(await page.getByTestId('es-save').isDisabled(), true)
    const panelWidth = await page.getByTestId('es-review-panel').evaluate((el) => el.getBoundingClientRect().width)
    assert.ok(panelWidth <= 375, `review panel is ${panelWidth}px wide`)
    await context.close()
  })

  test('whose deductions and accountability, and seed 003\'s campaign period, are shown and reviewed', async () => {
    const context = await browser.newContext({ ...PHONE, viewport: { width: 390, height: 844 }, baseURL: server.baseURL })
    const page = await context.newPage()
    await signIn(page, server.baseURL, admin)
    await page.goto('/admin/settings/evaluation')
    await page.getByTestId('es-current').waitFor()
    // Seed 003: "从4月1日开始至10月1日结束" is the built-in period.
    assert.equal(await page.getByTestId('es-period-start').inputValue(), '04-01')
    assert.equal(await page.getByTestId('es-period-end').inputValue(), '10-01')
    await page.getByTestId('es-consequences-select').selectOption('WHOLE_SUBTREE')
    await page.getByTestId('es-period-end').fill('09-30')
    if (process.env.E2E_SCREENSHOTS) {
      await page.getByTestId('es-consequences').scrollIntoViewIfNeeded()
      await page.screenshot({ path: `${process.env.E2E_SCREENSHOTS}/settings-consequences.png` })
    }
    await page.getByTestId('es-review').click()
    await page.getByTestId('es-review-panel').waitFor()
    const changes = await page.getByTestId('es-change').allTextContents()
    assert.ok(changes.some((c) => /扣分与问责归属/.test(c) && /只算认定到本单位的事件\s*→\s*也算下辖单位的事件/.test(c)), changes.join('\n'))
    assert.ok(changes.some((c) => /统计期间/.test(c) && /04-01 – 10-01\s*→\s*04-01 – 09-30/.test(c)), changes.join('\n'))
    await context.close()
  })
})
