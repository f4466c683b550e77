// End-to-end: a county administrator on an office PC imports units and creates a village clerk;
// the clerk signs in on a phone, must change the one-time password, and then sees only the village.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { PHONE, launchBrowser, signIn, startServer } from './harness.js'

const DESKTOP = { viewport: { width: 1366, height: 800 } }

const gql = (query, variables = {}) =>
  fetch('/graphql', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  }).then((r) => r.json())

/** The demo county as a statistical-codes sheet, plus a new township with one village. */
async function sheet(page) {
  const units = await page.evaluate(gql, '{ units { name children { name path children { name path } } } }')
  const county = units.data.units[0]
  const lines = ['统计用区划代码,城乡分类代码,名称', '990122000000,,枞溪县']
  for (const t of county.children) {
    const tc = t.path.split('/').pop()
    lines.push(`990122${tc}000,,${t.name}`)
    for (const v of t.children) lines.push(`990122${tc}${v.path.split('/').pop()},220,${v.name}`)
  }
  lines.push('990122011000,,新港镇', '990122011001,220,新港一村')
  return Buffer.from(lines.join('\n') + '\n')
}

describe('administration end to end', () => {
  let server
  let browser
  const username = `xgy_clerk_${Date.now().toString(36).slice(-4)}`
  let initialPassword

  before(async () => {
    server = await startServer()
    browser = await launchBrowser()
  })

  after(async () => {
    await browser?.close()
    await server?.stop()
  })

  test('a county administrator imports units and creates a village clerk', async () => {
    const context = await browser.newContext({ ...DESKTOP, baseURL: server.baseURL })
    const page = await context.newPage()
    const admin = server.users.find((u) => u.username === 'xfj_admin')
    assert.ok(admin, 'the demo has a county administrator')
    assert.equal(await signIn(page, server.baseURL, admin), 'admin', 'the administrator lands on the administration')
    await page.getByTestId('admin-go-units').click()
    await page.getByTestId('unit-import').waitFor()

    // Not a spreadsheet: refused with a clear message.
    await page.getByTestId('unit-file').setInputFiles({ name: 'photo.png', mimeType: 'image/png', buffer: Buffer.from('\x89PNG\r\n\x1a\n\0\0\0\rIHDR', 'binary') })
    await page.getByTestId('unit-preview').click()
    await page.getByTestId('unit-error').waitFor()
    assert.match(await page.getByTestId('unit-error').textContent(), /CSV|Excel/)

    // The dry run shows the new township and village, nothing changed yet.
    await page.getByTestId('unit-file').setInputFiles({ name: '区划代码.csv', mimeType: 'text/csv', buffer: await sheet(page) })
    await page.getByTestId('unit-preview').click()
    await page.getByTestId('unit-report').waitFor()
    assert.match(await page.getByTestId('unit-count-ADD').textContent(), /2/)
    assert.match(await page.getByTestId('unit-count-RETIRE').textContent(), /0/)
    await page.getByTestId('unit-apply').click()
    await page.getByTestId('unit-applied').waitFor()

    // The new village is there: create its clerk.
    await page.goto('/admin/accounts')
    await page.getByTestId('account-new').click()
    await page.getByTestId('account-form').waitFor()
    const option = page.getByTestId('account-unit').locator('option', { hasText: '新港一村' })
    await option.waitFor({ state: 'attached' })
    await page.getByTestId('account-unit').selectOption(await option.getAttribute('value'))
    await page.getByTestId('account-role').locator('option[value="village_clerk"]').waitFor({ state: 'attached' })
    await page.getByTestId('account-role').selectOption('village_clerk')
    await page.getByTestId('account-username').fill(username)
    await page.getByTestId('account-display-name').fill('周新港')
    await page.getByTestId('account-create').click()
    await page.getByTestId('account-secret').waitFor()
    assert.equal((await page.getByTestId('account-secret-username').textContent()).trim(), username)
    initialPassword = (await page.getByTestId('account-secret-password').textContent()).trim()
    assert.ok(initialPassword.length >= 10)
    const row = page.getByTestId(`account-${username}`)
    await row.waitFor()

    // A second role at the same village, from the list.
    await page.getByTestId(`account-add-role-${username}`).click()
    const roleSelect = row.locator('.grant-form select').nth(1)
    await roleSelect.locator('option[value="village_head"]').waitFor({ state: 'attached' })
    await roleSelect.selectOption('village_head')
    await row.locator('.grant-form button.van-button').click()
    await page.waitForFunction((name) => /村书记/.test(document.querySelector(`[data-testid="account-${name}"]`)?.textContent ?? ''), username)
    // A clerk's roles read petitions, which the county administrator may not: they wait for a
    // second administrator (双人审批), and he cannot approve them himself.
    await page.getByTestId(`account-pending-${username}-village_clerk`).waitFor()
    assert.match(await page.getByTestId(`account-pending-${username}-village_clerk`).textContent(), /待批准/)
    assert.equal(await page.getByTestId(`account-approve-${username}-village_clerk`).count(), 0)
    await context.close()
  })

  test('the platform operator approves the roles of the clerk', async () => {
    const context = await browser.newContext({ ...DESKTOP, baseURL: server.baseURL })
    const page = await context.newPage()
    await signIn(page, server.baseURL, server.users.find((u) => u.username === 'admin'))
    await page.goto('/admin/accounts')
    await page.getByTestId('account-pending-only').check()
    const row = page.getByTestId(`account-${username}`)
    await row.waitFor()
    for (const role of ['village_clerk', 'village_head']) {
      await page.getByTestId(`account-approve-${username}-${role}`).click()
      await page.getByTestId(`account-pending-${username}-${role}`).waitFor({ state: 'detached' })
    }
    assert.match(await row.textContent(), /村书记/)
    assert.doesNotMatch(await row.textContent(), /待批准/)
    await context.close()
  })

  test('the clerk must change the one-time password and then sees only the village', async () => {
    assert.ok(initialPassword, 'the previous test created the account')
    const context = await browser.newContext({ ...PHONE, baseURL: server.baseURL })
    const page = await context.newPage()
    await page.goto('/login')
    await page.getByTestId('login-username').locator('input').fill(username)
    await page.getByTestId('login-password').locator('input').fill(initialPassword)
    await page.getByTestId('login-submit').click()
    await page.getByTestId('password-required').waitFor()
    assert.equal(new URL(page.url()).pathname, '/password')
    // Anything else is refused by the server until the password is changed.
    const blocked = await page.evaluate(gql, '{ cases(first: 1) { totalCount } }')
    assert.equal(blocked.errors[0].extensions.code, 'FORBIDDEN')
    await page.goto('/cases')
    await page.getByTestId('password-form').waitFor()

    await page.getByTestId('password-old').fill(initialPassword)
    await page.getByTestId('password-new').fill('short')
    await page.getByTestId('password-again').fill('short')
    await page.getByTestId('password-submit').click()
    await page.getByTestId('password-new-error').waitFor()

    await page.getByTestId('password-new').fill('Xingang#2026a')
    await page.getByTestId('password-again').fill('Xingang#2026a')
    await page.getByTestId('password-submit').click()
    await page.getByTestId('home-unit-name').waitFor()
    assert.equal((await page.getByTestId('home-unit-name').textContent()).trim(), '新港一村')

    const units = await page.evaluate(gql, '{ units { name children { name } } cases(first: 100) { totalCount } }')
    assert.deepEqual(units.data.units, [{ name: '新港一村', children: [] }])
    assert.equal(units.data.cases.totalCount, 0)
    await context.close()
  })
})
